/**
 * The core: what Leasehold keeps and how it decides, with no threads, no clocks and no Hazelcast
 * services. Lease and lock records ({@link io.leasehold.hazelcast.internal.core.LeaseRecord},
 * {@link io.leasehold.hazelcast.internal.core.LockRecord}, their waiters), the replies, and the
 * decisions ({@link io.leasehold.hazelcast.internal.core.LeaseDecisions},
 * {@link io.leasehold.hazelcast.internal.core.LockDecisions},
 * {@link io.leasehold.hazelcast.internal.core.MergeDecisions},
 * {@link io.leasehold.hazelcast.internal.core.RevokeBudget}, and the counted-hold model of semaphores and
 * read-write locks, {@link io.leasehold.hazelcast.internal.core.HoldRecord} and
 * {@link io.leasehold.hazelcast.internal.core.HoldDecisions}): plain functions that take {@code now}
 * as a number and return a result, tested without a cluster. Also the wire helpers, the one table
 * of serialization ids and the map names.
 *
 * <p>May import: the JDK (but not {@code java.util.concurrent}), vavr, and Hazelcast's
 * serialization interfaces ({@code com.hazelcast.nio}). Imported by every other room.
 */
package io.leasehold.hazelcast.internal.core;
