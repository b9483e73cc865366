package dev.quiver.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rollout logic is shared by the local runtime and the cluster controller, so it stays pure: the API types and
 * the JDK's values only (no client, no I/O), and time only as a parameter (no clock read).
 */
class PureRolloutArchTest {

    private static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.quiver.api");

    @Test
    void rolloutLogicDependsOnlyOnTheApiAndTheJdksValues() {
        classes().that().resideInAPackage("dev.quiver.api.rollout..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quiver.api..", "java.lang..", "java.util..",
                        "java.time..", "java.math..")
                .check(API);
    }

    @Test
    void rolloutLogicNeverReadsTheClock() {
        noClasses().that().resideInAPackage("dev.quiver.api.rollout..")
                .should().callMethod(Instant.class, "now")
                .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
                .check(API);
    }
}
