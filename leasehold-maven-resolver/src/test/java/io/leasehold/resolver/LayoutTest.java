package io.leasehold.resolver;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The factory and its locks are built on lock-api, Resolver's named-locks API, javax.inject and SLF4J;
 * only the client starter ({@code io.leasehold.resolver.client}) names the backend's public face and
 * Hazelcast, to start the client a build connects with. Nothing names the backend's internals.
 */
@AnalyzeClasses(packages = "io.leasehold.resolver", importOptions = ImportOption.DoNotIncludeTests.class)
class LayoutTest {

    @ArchTest
    static final ArchRule theLocksAreOnLockApi = classes().that().resideInAPackage("io.leasehold.resolver")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.inject..", "io.leasehold",
                    "io.leasehold.resolver..", "org.eclipse.aether.named..", "org.slf4j..")
            .because("the named locks work on any implementation of lock-api");

    @ArchTest
    static final ArchRule onlyTheClientStarterNamesTheBackend = noClasses()
            .that().resideOutsideOfPackage("io.leasehold.resolver.client")
            .should().dependOnClassesThat().resideInAnyPackage("io.leasehold.hazelcast..", "com.hazelcast..")
            .because("the backend is named only where the build's client is started");

    @ArchTest
    static final ArchRule noBackendInternals = noClasses().should().dependOnClassesThat()
            .resideInAPackage("io.leasehold.hazelcast.internal..")
            .because("the backend's public face is its only way in");
}
