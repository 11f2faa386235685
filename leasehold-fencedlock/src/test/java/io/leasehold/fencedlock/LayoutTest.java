package io.leasehold.fencedlock;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.leasehold.testkit.AdapterLayout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The FencedLock adapter is built on lock-api and Hazelcast's public FencedLock interface alone: it
 * runs on any implementation of the API, and on any Hazelcast jar that ships the interface.
 */
@AnalyzeClasses(packages = "io.leasehold.fencedlock", importOptions = ImportOption.DoNotIncludeTests.class)
class LayoutTest {

    @ArchTest
    static final ArchRule onlyTheApiAndHazelcast = AdapterLayout.onlyTheApiAnd("com.hazelcast..");

    @ArchTest
    static final ArchRule notTheBackend = AdapterLayout.notTheBackend();

    @ArchTest
    static final ArchRule onlyHazelcastsPublicApi = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..impl..", "com.hazelcast..internal..")
            .because("the adapter implements Hazelcast's public interface, not its internals");
}
