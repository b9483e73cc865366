package dev.quiver.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.quiver.standin.testing.Crds;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The kustomize base in deploy/base: same CRDs as crds/, least-privilege RBAC, and it renders. */
class DeployBaseTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path base = Crds.root().resolve("deploy/base");

    @Test
    void crdCopiesEqualTheCommittedCrds() throws IOException {
        for (Path committed : Crds.committed()) {
            Path copy = base.resolve(committed.getFileName());
            assertThat(Files.readString(copy)).as(copy + " is a copy of " + committed + "; copy it again")
                    .isEqualTo(Files.readString(committed));
        }
    }

    @Test
    void rbacHasNoWildcardsAndCoversEveryKindTheReconcilersTouch() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        documents(Files.readString(base.resolve("controller-rbac.yaml"))).stream()
                .filter(d -> "ClusterRole".equals(d.path("kind").asText()))
                .forEach(role -> role.path("rules").forEach(rules::add));
        List<String> values = new ArrayList<>();
        rules.forEach(rule -> rule.forEach(list -> list.forEach(value -> values.add(value.asText()))));
        Set<String> resources = rules.stream().flatMap(rule -> toList(rule.path("resources")).stream()).collect(Collectors.toSet());

        assertThat(values).isNotEmpty().noneMatch(v -> v.contains("*"));
        assertThat(resources).contains("functions", "functions/status", "functionrevisions", "functionrevisions/status",
                "deployments", "services", "podtemplates", "configmaps", "secrets", "jobs", "pods", "pods/log", "cronjobs");
    }

    @Test
    void kustomizeRendersCrdsNamespaceAndLockedDownController() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl")) || Files.isExecutable(Path.of("/usr/local/bin/kubectl")),
                "kubectl is not installed");
        Process process = new ProcessBuilder("kubectl", "kustomize", base.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();

        List<JsonNode> docs = documents(output);
        assertThat(docs).extracting(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
                .contains("CustomResourceDefinition/functions.quiver.dev", "CustomResourceDefinition/functionrevisions.quiver.dev",
                        "Namespace/quiver-system", "ServiceAccount/quiver-controller", "ClusterRole/quiver-controller",
                        "Deployment/quiver-controller");
        JsonNode container = docs.stream().filter(d -> "Deployment".equals(d.path("kind").asText())).findFirst().orElseThrow()
                .path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(toList(container.path("securityContext").path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            });
        }
        return docs;
    }

    private static List<String> toList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
