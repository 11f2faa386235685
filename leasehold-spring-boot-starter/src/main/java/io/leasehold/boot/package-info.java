/**
 * Spring Boot auto-configuration of Leasehold. Given a {@code HazelcastInstance} bean (Boot's own, or
 * the application's), it exposes a {@code Leasehold} bean, and the Spring Integration lock registry,
 * the ShedLock lock provider and the Micrometer binders when their ecosystems are present. Leasehold
 * is applied to the configurations Boot starts instances from (a {@code HazelcastConfigCustomizer} for
 * hazelcast.yaml/xml, a bean post-processor for a {@code Config} bean and for the client configuration
 * of Boot's {@code HazelcastConnectionDetails}: a {@code ClientConfig} bean or hazelcast-client.yaml/xml).
 *
 * <p>Built on Leasehold's public API and the adapters' public classes: nothing here names the
 * backend's internal packages ({@code LayoutTest}). May import Spring, Spring Boot, Hazelcast,
 * Micrometer, ShedLock, SLF4J and {@code io.leasehold}.
 */
package io.leasehold.boot;
