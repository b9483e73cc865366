package dev.quiver.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pure packages stay free of I/O clients, so they are tested without any server. */
class ArchitectureTest {

    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.quiver.runtime");

    @Test
    void purePackagesDependOnNoVertxKubernetesOrNatsClient() {
        noClasses().that().resideInAnyPackage("dev.quiver.runtime.routing..", "dev.quiver.runtime.scaling..",
                        "dev.quiver.runtime.events.plan..", "dev.quiver.runtime.outbound..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.fabric8.kubernetes.client..",
                        "io.javaoperatorsdk..", "io.nats..")
                .check(RUNTIME);
    }
}
