package io.leasehold.spring;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.leasehold.testkit.AdapterLayout;

/** The registry is built on lock-api, Spring and SLF4J alone: it runs on any implementation of the API. */
@AnalyzeClasses(packages = "io.leasehold.spring", importOptions = ImportOption.DoNotIncludeTests.class)
class LayoutTest {

    @ArchTest
    static final ArchRule onlyTheApiSpringAndLogging =
            AdapterLayout.onlyTheApiAnd("org.springframework..", "org.slf4j..");

    @ArchTest
    static final ArchRule notTheBackend = AdapterLayout.notTheBackend();
}
