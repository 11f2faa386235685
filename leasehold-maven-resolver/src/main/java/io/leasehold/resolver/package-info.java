/**
 * Maven Resolver's named locks on Leasehold: {@link io.leasehold.resolver.LeaseholdNamedLockFactory},
 * the factory Resolver selects by the name {@code leasehold}, its lock of one key and its lock of several
 * keys, and the acquisition they share (re-entry, the refused upgrade, all or none).
 *
 * <p>May import lock-api ({@code io.leasehold}), Resolver's named-locks API ({@code org.eclipse.aether.named}),
 * {@code javax.inject}, SLF4J and its {@code client} package; never Hazelcast or the backend, so the locks
 * work on any implementation of lock-api ({@code LayoutTest}).
 */
package io.leasehold.resolver;
