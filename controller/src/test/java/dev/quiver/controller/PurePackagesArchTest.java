package dev.quiver.controller;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The builders and aggregators stay pure: no API client, no operator framework, no Vert.x. */
class PurePackagesArchTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.quiver.controller");

    @Test
    void resourcesAndModelUseNoClientFrameworkOrVertx() {
        noClasses().that().resideInAnyPackage("dev.quiver.controller.resources..", "dev.quiver.controller.status..",
                        "dev.quiver.controller.images..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..",
                        "io.javaoperatorsdk..", "io.vertx..", "dev.quiver.controller.reconcilers..")
                .check(classes);
    }
}
