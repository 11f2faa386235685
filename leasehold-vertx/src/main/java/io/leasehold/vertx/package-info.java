/**
 * Leasehold for a clustered Vert.x 5 on {@code vertx-hazelcast}: a {@code HazelcastObjectProvider}
 * that the cluster manager finds through {@link java.util.ServiceLoader}, so that
 * {@code vertx.sharedData().getLockWithTimeout(...)} is a Leasehold fenced lock and
 * {@code getCounter(...)} is an entry-processor counter, while the async and sync maps stay Vert.x's
 * own.
 *
 * <p>{@link io.leasehold.vertx.LeaseholdVertx} is the public face: it applies Leasehold and the
 * counter to the member's {@code Config} and gives the fence of a lock. Everything else is
 * package-private. The package may import the JDK, lock-api, the backend's public face
 * ({@code io.leasehold.hazelcast}, never its {@code internal} packages), Hazelcast, Vert.x and SLF4J.
 */
package io.leasehold.vertx;
