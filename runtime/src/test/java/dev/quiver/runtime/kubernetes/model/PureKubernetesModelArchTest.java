package dev.quiver.runtime.kubernetes.model;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The Kubernetes model and the shared routing code stay pure: no API client, no Vert.x. */
class PureKubernetesModelArchTest {

    @Test
    void kubernetesModelAndRoutingUseNoClientOrVertx() {
        noClasses().that().resideInAnyPackage("dev.quiver.runtime.kubernetes.model..", "dev.quiver.runtime.routing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..", "io.vertx..",
                        "dev.quiver.runtime.kubernetes")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.quiver.runtime"));
    }
}
