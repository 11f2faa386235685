package io.leasehold.boot;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** Gives a property's value to a settings builder, and names the property when the builder refuses it. */
final class Checked {

    private Checked() {
    }

    /** Passes {@code value} to {@code setter} unless it is null (unset: the builder's default stays). */
    static <T> void set(String property, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + "=" + value + " is refused: " + e.getMessage(), e);
        }
    }

    /** Builds, naming the properties that together were refused. */
    static <T> T build(String properties, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(properties + ": " + e.getMessage(), e);
        }
    }
}
