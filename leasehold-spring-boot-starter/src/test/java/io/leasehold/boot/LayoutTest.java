package io.leasehold.boot;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The starter is built on Leasehold's public API and the adapters' public classes: it names none of the
 * backend's internal packages, and imports nothing beyond the ecosystems it configures.
 */
@AnalyzeClasses(packages = "io.leasehold.boot", importOptions = ImportOption.DoNotIncludeTests.class)
class LayoutTest {

    @ArchTest
    static final ArchRule noInternals = noClasses().should().dependOnClassesThat()
            .resideInAPackage("io.leasehold.hazelcast.internal..")
            .because("the backend's internal packages change without notice; HazelcastLeasehold, LeaseholdConfig"
                    + " and the settings are the public ways in");

    @ArchTest
    static final ArchRule onlyTheEcosystemsItConfigures = classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.leasehold..", "org.springframework..", "com.hazelcast..",
                    "io.micrometer..", "net.javacrumbs.shedlock..", "org.slf4j..")
            .because("the starter wires Leasehold into Spring Boot, Hazelcast, Spring Integration, ShedLock and"
                    + " Micrometer, and nothing else");
}
