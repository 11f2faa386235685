package io.leasehold.shedlock;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.leasehold.testkit.AdapterLayout;

/** The provider is built on lock-api, ShedLock and SLF4J alone: it runs on any implementation of the API. */
@AnalyzeClasses(packages = "io.leasehold.shedlock", importOptions = ImportOption.DoNotIncludeTests.class)
class LayoutTest {

    @ArchTest
    static final ArchRule onlyTheApiShedLockAndLogging =
            AdapterLayout.onlyTheApiAnd("net.javacrumbs.shedlock..", "org.slf4j..");

    @ArchTest
    static final ArchRule notTheBackend = AdapterLayout.notTheBackend();
}
