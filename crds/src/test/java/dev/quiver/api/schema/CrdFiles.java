package dev.quiver.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The committed and the freshly generated CRD files, and a walk over their OpenAPI schemas. */
public final class CrdFiles {

    /** The CRD of Function. */
    public static final String FUNCTIONS = "functions.quiver.dev-v1.yml";
    /** The CRD of FunctionRevision. */
    public static final String REVISIONS = "functionrevisions.quiver.dev-v1.yml";

    /**
     * Schema paths of Kubernetes core types (EnvVar, EnvFromSource, ResourceRequirements, SecretKeySelector): their
     * own fields are fabric8's classes, described by a build step (src/build/CoreTypeDescriptions.java).
     */
    public static final Set<String> KUBERNETES_CORE_TYPES = Set.of(".spec.template.env[]", ".spec.template.envFrom[]",
            ".spec.template.resources", ".spec.triggers.http.apiKeySecret");

    private CrdFiles() {
    }

    /** The folder of the committed CRDs (the crds module's base directory). */
    public static Path committedDir() {
        return Path.of(System.getProperty("quiver.crds.committed", "."));
    }

    /** The folder the CRD generator writes to. */
    public static Path generatedDir() {
        return Path.of(System.getProperty("quiver.crds.generated", "target/classes/META-INF/fabric8"));
    }

    /** A YAML file as a tree. */
    public static JsonNode read(Path file) {
        try {
            return ApiJson.yaml().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A committed CRD as a tree. */
    public static JsonNode committed(String file) {
        return read(committedDir().resolve(file));
    }

    /** The OpenAPI schema of the CRD's only version. */
    public static JsonNode schema(JsonNode crd) {
        return crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    }

    /** Whether the path lies inside a Kubernetes core type (not the property that holds it). */
    public static boolean insideKubernetesCoreType(String path) {
        return KUBERNETES_CORE_TYPES.stream().anyMatch(core -> path.startsWith(core) && !path.equals(core)
                && (path.charAt(core.length()) == '.' || path.charAt(core.length()) == '['
                        || path.charAt(core.length()) == '{'));
    }

    /**
     * Every node of a schema by path: {@code .spec.traffic[]} for array items, {@code .match.headers{}} for map
     * values, the root as the empty path.
     */
    public static Map<String, JsonNode> nodes(JsonNode schema) {
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        collect("", schema, nodes);
        return nodes;
    }

    private static void collect(String path, JsonNode node, Map<String, JsonNode> nodes) {
        nodes.put(path, node);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            collect(path + "." + property.getKey(), property.getValue(), nodes);
        }
        if (node.has("items")) {
            collect(path + "[]", node.get("items"), nodes);
        }
        if (node.path("additionalProperties").isObject()) {
            collect(path + "{}", node.get("additionalProperties"), nodes);
        }
    }

    /** The schema paths that a document sets, walking it alongside its schema. */
    public static Set<String> pathsSetBy(JsonNode document, JsonNode schema) {
        Set<String> paths = new TreeSet<>();
        walk("", document, schema, paths);
        return paths;
    }

    private static void walk(String path, JsonNode value, JsonNode schema, Set<String> paths) {
        paths.add(path);
        if (value.isArray() && schema.has("items")) {
            value.forEach(item -> walk(path + "[]", item, schema.get("items"), paths));
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode property = schema.path("properties").path(field.getKey());
                if (!property.isMissingNode()) {
                    walk(path + "." + field.getKey(), field.getValue(), property, paths);
                } else if (schema.path("additionalProperties").isObject()) {
                    walk(path + "{}", field.getValue(), schema.get("additionalProperties"), paths);
                }
            }
        }
    }
}
