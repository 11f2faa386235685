package io.leasehold.persistence;

import java.util.function.ToLongFunction;

/** A number of a record kept in a column of its own, beside the record's bytes, for operators and for recovery. */
record Column<V>(String name, ToLongFunction<V> value) {
}
