package dev.quiver.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Renders the install manifests the way a user does (kubectl kustomize, helm template) and parses them. */
final class Manifests {

    static final String SYSTEM_NAMESPACE = "quiver-system";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** The repository's root folder. */
    static Path root() {
        return Path.of(System.getProperty("quiver.root", "..")).toAbsolutePath().normalize();
    }

    /** The deploy/ folder. */
    static Path deploy() {
        return root().resolve("deploy");
    }

    /** {@code kubectl kustomize <dir>}, parsed. */
    static List<HasMetadata> kustomize(Path dir) {
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed:\n" + output);
            }
            return parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code helm template quiver deploy/helm/quiver -n quiver-system --set ...}, parsed; CRDs not included. */
    static List<HasMetadata> helmTemplate(Map<String, Object> values) {
        return parse(helmTemplateText(values));
    }

    /** The chart's rendered text. */
    static String helmTemplateText(Map<String, Object> values) {
        TemplateCommand template = new Helm(chart()).template().withName("quiver").withNamespace(SYSTEM_NAMESPACE);
        values.forEach(template::set);
        return template.call();
    }

    /** {@code helm template ... -f <file>} with values written as YAML to a file: for maps and lists of objects. */
    static List<HasMetadata> helmTemplate(Path dir, String valuesYaml) {
        try {
            Path file = Files.writeString(Files.createTempFile(dir, "values", ".yaml"), valuesYaml);
            return parse(new Helm(chart()).template().withName("quiver").withNamespace(SYSTEM_NAMESPACE)
                    .withValuesFile(file).call());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code helm install} prints after installing: the rendered templates/NOTES.txt (client-only dry run). */
    static String helmNotes(Map<String, Object> values) {
        InstallCommand install = new Helm(chart()).install().withName("quiver").withNamespace(SYSTEM_NAMESPACE)
                .dryRun().clientOnly();
        values.forEach(install::set);
        return install.call().getOutput();
    }

    /** What {@code helm install} applies: the chart's crds/ folder plus the rendered templates. */
    static List<HasMetadata> helmInstall(Map<String, Object> values) {
        List<HasMetadata> objects = new ArrayList<>(chartCrds());
        objects.addAll(helmTemplate(values));
        return objects;
    }

    /** The chart folder. */
    static Path chart() {
        return deploy().resolve("helm/quiver");
    }

    /** The CRDs the chart installs. */
    static List<HasMetadata> chartCrds() {
        try (Stream<Path> files = Files.list(chart().resolve("crds"))) {
            List<HasMetadata> crds = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                crds.addAll(parse(Files.readString(file)));
            }
            return crds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Multi-document YAML into fabric8 objects (typed where fabric8 knows the kind, generic otherwise). */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            var docs = YAML.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(SERIALIZATION.unmarshal(YAML.writeValueAsString(doc), HasMetadata.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    /** "Kind namespace/name" of an object, namespace empty for cluster-scoped ones. */
    static String id(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace) + "/" + object.getMetadata().getName();
    }

    /** The one object of a kind and name. */
    static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }
}
