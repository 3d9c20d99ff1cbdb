package io.opsbench.platform;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    private final JavaClasses platform = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.opsbench.platform");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.opsbench.platform.(*)..").should().beFreeOfCycles().check(platform);
    }
}
