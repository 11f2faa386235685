package io.leasehold.micrometer;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** This module is built on Leasehold's public API: nothing here names the backend's internal packages. */
@AnalyzeClasses(packages = "io.leasehold.micrometer", importOptions = ImportOption.DoNotIncludeTests.class)
class PublicApiOnlyTest {

    @ArchTest
    static final ArchRule noInternals = noClasses().should().dependOnClassesThat()
            .resideInAPackage("io.leasehold.hazelcast.internal..")
            .because("the backend's internal packages change without notice; LeaseholdMetrics, InstanceMetrics,"
                    + " LeaseholdConfig and LeaseholdAdmin are the public ways in");
}
