package io.leasehold.hazelcast;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The backend's rooms and the arrows between them (see each {@code package-info.java}):
 *
 * <pre>
 *   io.leasehold.hazelcast (the public face, election)
 *     internal.admin  ->  internal.client  ->  internal.protocol  ->  internal.core
 *                          internal.member  ->  internal.protocol  ->  internal.core
 * </pre>
 *
 * Arrows run one way: nothing below the face names the face (but its two settings types, plain
 * values with builders that every side reads), the member and the client never name each other
 * (an instance on a member reaches it through {@code protocol.LocalMember}, a processor through
 * {@code protocol.MemberPort}), and the core knows Hazelcast only as a serialization format.
 */
@AnalyzeClasses(packages = "io.leasehold.hazelcast", importOptions = ImportOption.DoNotIncludeTests.class)
class BackendLayoutTest {

    private static final String INTERNAL = "io.leasehold.hazelcast.internal";

    /** The settings every side reads: values with builders (and the store interface), importing nothing of Leasehold's. */
    private static final DescribedPredicate<JavaClass> SETTINGS = new DescribedPredicate<>("the settings types") {
        @Override
        public boolean test(JavaClass c) {
            String name = c.getName();
            return name.startsWith("io.leasehold.hazelcast.LeaseholdSettings")
                    || name.startsWith("io.leasehold.hazelcast.MemberSettings")
                    || name.startsWith("io.leasehold.hazelcast.MemberTime")
                    // how settings read from a file open the store they name
                    || name.startsWith("io.leasehold.hazelcast.PersistenceProvider");
        }
    };

    private static final DescribedPredicate<JavaClass> FACE = new DescribedPredicate<>("the public face") {
        @Override
        public boolean test(JavaClass c) {
            return c.getPackageName().startsWith("io.leasehold.hazelcast") && !c.getPackageName().startsWith(INTERNAL)
                    && !SETTINGS.test(c);
        }
    };

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Face").definedBy(FACE)
            .layer("Settings").definedBy(SETTINGS)
            .layer("Admin").definedBy(INTERNAL + ".admin..")
            .layer("Client").definedBy(INTERNAL + ".client..")
            .layer("Member").definedBy(INTERNAL + ".member..")
            .layer("Protocol").definedBy(INTERNAL + ".protocol..")
            .layer("Core").definedBy(INTERNAL + ".core..")
            .whereLayer("Face").mayNotBeAccessedByAnyLayer()
            .whereLayer("Admin").mayOnlyBeAccessedByLayers("Face")
            .whereLayer("Client").mayOnlyBeAccessedByLayers("Face", "Admin")
            .whereLayer("Member").mayOnlyBeAccessedByLayers("Face")
            .whereLayer("Protocol").mayOnlyBeAccessedByLayers("Face", "Admin", "Client", "Member")
            .whereLayer("Core").mayOnlyBeAccessedByLayers("Face", "Admin", "Client", "Member", "Protocol")
            .whereLayer("Settings").mayOnlyBeAccessedByLayers("Face", "Admin", "Client", "Member");

    @ArchTest
    static final ArchRule noCyclesBetweenRooms = slices().matching(INTERNAL + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule coreKnowsHazelcastOnlyAsAWireFormat = noClasses().that().resideInAPackage(INTERNAL + ".core..")
            .should().dependOnClassesThat(resideInAPackage("com.hazelcast..")
                    .and(DescribedPredicate.not(resideInAPackage("com.hazelcast.nio.."))))
            .because("the core's records and decisions are plain values and plain functions of numbers");

    @ArchTest
    static final ArchRule coreHasNoThreadsOrClocks = noClasses().that().resideInAPackage(INTERNAL + ".core..")
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
            .because("decisions take now as a number and run on the caller's thread");

    @ArchTest
    static final ArchRule noInternalBelowTheFaceNamesTheFace = noClasses().that().resideInAPackage(INTERNAL + "..")
            .should().dependOnClassesThat(FACE)
            .because("the face is built on the rooms, not the other way round");
}
