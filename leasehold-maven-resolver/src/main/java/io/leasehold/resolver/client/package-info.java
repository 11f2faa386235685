/**
 * How a build connects: its settings ({@link io.leasehold.resolver.client.ClientSettings}, system
 * properties {@code aether.syncContext.named.leasehold.*}) and the Hazelcast client and Leasehold
 * instance started from them ({@link io.leasehold.resolver.client.HazelcastClientLeasehold}).
 *
 * <p>The only package of the module that names Hazelcast and the backend's public face
 * ({@code io.leasehold.hazelcast}); never the backend's internals ({@code LayoutTest}).
 */
package io.leasehold.resolver.client;
