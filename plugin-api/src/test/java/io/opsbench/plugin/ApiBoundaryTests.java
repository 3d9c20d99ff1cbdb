package io.opsbench.plugin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** plugin-api is what every vendor compiles against: it may use the JDK and PF4J, nothing else. */
class ApiBoundaryTests {

    private static final JavaClasses API = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.opsbench.plugin");

    @Test
    void dependsOnTheJdkAndPf4jOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.pf4j", "io.opsbench.plugin..")
            .check(API);
    }

    @Test
    void capabilityPackagesDependOnlyOnTheSharedPackageNotOnEachOther() {
        slices().matching("io.opsbench.plugin.(*)..").should().notDependOnEachOther().check(API);
        noClasses().that().resideInAPackage("io.opsbench.plugin")
            .should().dependOnClassesThat().resideInAnyPackage("io.opsbench.plugin.email..", "io.opsbench.plugin.sms..",
                "io.opsbench.plugin.payments..", "io.opsbench.plugin.voice..", "io.opsbench.plugin.ai..", "io.opsbench.plugin.events..")
            .check(API);
    }
}
