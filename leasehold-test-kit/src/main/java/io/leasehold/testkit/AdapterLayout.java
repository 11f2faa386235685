package io.leasehold.testkit;

import com.tngtech.archunit.lang.ArchRule;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layout rules of an adapter module: its main classes are built on lock-api alone, so that they
 * work on any implementation of the API. They may import the JDK, {@code io.leasehold} (lock-api and
 * the adapter itself) and the packages of the ecosystem they adapt to; never the Hazelcast backend.
 *
 * <p>Use in a test of the adapter, with its main classes only:
 * <pre>{@code
 * @AnalyzeClasses(packages = "io.leasehold.shedlock", importOptions = ImportOption.DoNotIncludeTests.class)
 * class LayoutTest {
 *     @ArchTest
 *     static final ArchRule onlyTheApiAndShedLock = AdapterLayout.onlyTheApiAnd("net.javacrumbs.shedlock..", "org.slf4j..");
 *     @ArchTest
 *     static final ArchRule notTheBackend = AdapterLayout.notTheBackend();
 * }
 * }</pre>
 */
public final class AdapterLayout {

    private AdapterLayout() {
    }

    /** The classes depend on the JDK, {@code io.leasehold..} and the given packages (ArchUnit syntax), nothing else. */
    public static ArchRule onlyTheApiAnd(String... ecosystem) {
        List<String> allowed = new ArrayList<>(List.of("java..", "io.leasehold.."));
        allowed.addAll(List.of(ecosystem));
        return classes().should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .because("an adapter is built on lock-api, the JDK and the ecosystem it adapts to");
    }

    /** The classes do not depend on the Hazelcast backend ({@code io.leasehold.hazelcast..}). */
    public static ArchRule notTheBackend() {
        return noClasses().should().dependOnClassesThat().resideInAPackage("io.leasehold.hazelcast..")
                .because("an adapter works on any implementation of lock-api; the backend is for its tests only");
    }
}
