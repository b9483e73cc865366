package dev.quiver.cli.scaffold;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.Mode;
import dev.quiver.api.validation.FunctionValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code quiver new} writes, rendered in memory: the files, their names and the Function they declare. */
class ScaffoldTest {

    private static final BuildInfo BUILD = BuildInfo.load();

    private static Map<String, String> files(String name, Template template) {
        return Scaffold.render(name, template, BUILD).stream()
                .collect(Collectors.toMap(Scaffold.File::path, Scaffold.File::content));
    }

    private static Function functionYaml(String name, Template template) {
        return ApiJson.fromYaml(files(name, template).get("function.yaml"), Function.class);
    }

    @ParameterizedTest
    @EnumSource(Template.class)
    void everyTemplateMakesAMavenProjectWithCodeTestReadmeAndGitignore(Template template) {
        Map<String, String> files = files("order-sync", template);

        assertThat(files).containsKeys("pom.xml", "function.yaml", "README.md", ".gitignore",
                "src/main/resources/application.properties", "mvnw", ".mvn/wrapper/maven-wrapper.properties");
        assertThat(files.keySet()).anyMatch(path -> path.matches("src/main/java/com/example/ordersync/\\w+\\.java"))
                .anyMatch(path -> path.matches("src/test/java/com/example/ordersync/\\w+Test\\.java"));
        assertThat(files.values()).allSatisfy(content -> assertThat(content).doesNotContain("{{"));
        assertThat(files.get("README.md")).contains("# order-sync", "quiver dev .", "./mvnw test", "quiver deploy .");
        assertThat(files.get(".gitignore")).contains("target/", ".quiver/");
    }

    @ParameterizedTest
    @EnumSource(Template.class)
    void everyTemplatesFunctionYamlIsAValidFunctionOfThatName(Template template) {
        Function function = functionYaml("order-sync", template);

        assertThat(FunctionValidator.validate(function)).isEmpty();
        assertThat(function.getMetadata().getName()).isEqualTo("order-sync");
        assertThat(function.getSpec().image).isEqualTo("localhost:5000/order-sync:latest");
        assertThat(function.getSpec().template.timeoutSeconds).isPositive();
        assertThat(function.getSpec().template.scale).isNotNull();
    }

    @Test
    void triggersFollowTheTemplate() {
        assertThat(functionYaml("fn", Template.FUNQY).getSpec().triggers.http).isNotNull();
        assertThat(functionYaml("fn", Template.HTTP).getSpec().triggers.http).isNotNull();

        Function job = functionYaml("fn", Template.JOB);
        assertThat(job.getSpec().mode).isEqualTo(Mode.Job);
        assertThat(job.getSpec().triggers.jetstream).singleElement()
                .satisfies(trigger -> assertThat(trigger.subject).isEqualTo("fn.jobs"));

        Function event = functionYaml("fn", Template.EVENT);
        assertThat(event.getSpec().mode).isNotEqualTo(Mode.Job);
        assertThat(event.getSpec().triggers.nats).singleElement()
                .satisfies(trigger -> assertThat(trigger.subject).isEqualTo("fn.requests"));
    }

    @Test
    void pomHasNoParentAndImportsTheBomOfThisBuild() {
        String pom = files("order-sync", Template.FUNQY).get("pom.xml");

        assertThat(pom).doesNotContain("<parent>")
                .contains("<artifactId>order-sync</artifactId>", "<groupId>com.example</groupId>",
                        "<artifactId>quiver-bom</artifactId>", "<scope>import</scope>",
                        "<quiver.version>" + BUILD.quiverVersion() + "</quiver.version>",
                        "<quarkus.platform.version>" + BUILD.quarkusVersion() + "</quarkus.platform.version>",
                        "<artifactId>quiver-function-sdk</artifactId>");
    }

    @Test
    void theMavenWrapperIsThisRepositorysAndTheOnlyExecutable() throws IOException {
        List<Scaffold.File> files = Scaffold.render("fn", Template.FUNQY, BUILD);
        Map<String, String> byPath = files("fn", Template.FUNQY);

        // Tests run in the module's folder: the wrapper is the reactor's, so the function gets the same Maven.
        assertThat(byPath.get("mvnw")).isEqualTo(Files.readString(Path.of("..", "mvnw")));
        assertThat(byPath.get(".mvn/wrapper/maven-wrapper.properties"))
                .isEqualTo(Files.readString(Path.of("..", ".mvn", "wrapper", "maven-wrapper.properties")));
        assertThat(files).filteredOn(Scaffold.File::executable).extracting(Scaffold.File::path).containsExactly("mvnw");
    }

    @Test
    void buildInfoCarriesTheVersionsMavenFilledIn() {
        assertThat(BUILD.quiverVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(BUILD.quarkusVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void theJavaPackageIsTheNameWithoutDashesAndNeverAKeyword() {
        assertThat(Scaffold.javaPackage("order-sync")).isEqualTo("com.example.ordersync");
        assertThat(Scaffold.javaPackage("int")).isEqualTo("com.example.intfn");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello", "1st", "a_b", "-a", "a-", "a.b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void namesThatAreNotShortDnsLabelsAreRefused(String name) {
        assertThat(Scaffold.nameProblems(name)).singleElement().asString().contains("lowercase letters, digits and '-'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "hello", "order-sync-2", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void shortDnsLabelsAreAccepted(String name) {
        assertThat(Scaffold.nameProblems(name)).isEmpty();
    }

    @Test
    void anUnknownPlaceholderIsATemplateBug() {
        assertThatThrownBy(() -> Scaffold.fill("{{nope}}", Map.of("name", "x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{{nope}}");
        assertThat(Scaffold.fill("a {{name}} b $1 \\", Map.of("name", "x$1"))).isEqualTo("a x$1 b $1 \\");
    }

    @Test
    void everyTemplateHasOneSourceAndOneTestOfItsOwn() {
        for (Template template : Template.values()) {
            List<String> java = files("fn", template).keySet().stream().filter(path -> path.endsWith(".java")).toList();
            assertThat(java).as(template.id()).hasSize(2);
        }
    }
}
