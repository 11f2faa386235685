package io.leasehold.vertx;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.leasehold.testkit.AdapterLayout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The Vert.x adapter is built on lock-api, the backend's public face (it makes the node's Leasehold from
 * the member the cluster manager started), Hazelcast and Vert.x: never on the backend's internals.
 */
@AnalyzeClasses(packages = "io.leasehold.vertx", importOptions = ImportOption.DoNotIncludeTests.class)
class LayoutTest {

    @ArchTest
    static final ArchRule onlyTheApiHazelcastAndVertx =
            AdapterLayout.onlyTheApiAnd("com.hazelcast..", "io.vertx..", "org.slf4j..");

    @ArchTest
    static final ArchRule notTheBackendsInternals = noClasses()
            .should().dependOnClassesThat().resideInAPackage("io.leasehold.hazelcast.internal..")
            .because("the adapter uses the backend's public face (HazelcastLeasehold, LeaseholdConfig) only");

    @ArchTest
    static final ArchRule onlyHazelcastsPublicApi = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..impl..", "com.hazelcast..internal..")
            .because("the provider runs on Hazelcast's public API, whatever 5.x jar the cluster manager has");
}
