package io.leasehold;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * lock-api is the API every backend and adapter builds on: it imports the JDK and itself, nothing
 * else, and in particular nothing of Hazelcast or of the Hazelcast backend.
 */
@AnalyzeClasses(packages = "io.leasehold", importOptions = ImportOption.DoNotIncludeTests.class)
class ApiLayoutTest {

    @ArchTest
    static final ArchRule noHazelcast = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "io.leasehold.hazelcast..")
            .because("lock-api has no dependency on any backend");

    @ArchTest
    static final ArchRule onlyTheJdkAndItself = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.leasehold..")
            .because("lock-api is interfaces, value types and exceptions on the JDK alone");
}
