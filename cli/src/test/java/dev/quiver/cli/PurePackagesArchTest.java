package dev.quiver.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** What the CLI prints and plans (tables, rollback plans, deploy progress) is pure: no client, no picocli. */
class PurePackagesArchTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.quiver.cli");

    @Test
    void viewsUseNoKubernetesClientHttpClientOrCommandLine() {
        noClasses().that().resideInAPackage("dev.quiver.cli.view..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..", "java.net.http..",
                        "picocli..", "dev.quiver.cli.backend..", "dev.quiver.cli.admin..")
                .check(classes);
    }
}
