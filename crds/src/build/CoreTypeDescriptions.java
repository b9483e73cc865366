import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step after the fabric8 CRD generator (run by the crds pom in process-classes, as a single-file program):
 * gives the properties of the Kubernetes core types inside the schema (EnvVar, EnvFromSource, ResourceRequirements,
 * SecretKeySelector) a description. Their fields are fabric8's classes, which carry no
 * {@code @JsonPropertyDescription}, so without this step {@code kubectl explain qfn.spec.template.env} would show
 * bare types. Only descriptions are added: names, types and validation stay exactly as generated.
 *
 * Usage: java -cp <classpath> CoreTypeDescriptions.java <generated-crd-folder>
 */
public class CoreTypeDescriptions {

    private static final Map<String, String> ENV_VAR = Map.ofEntries(
            Map.entry(".name", "Name of the environment variable."),
            Map.entry(".value", "Value of the variable; $(VAR_NAME) references to variables defined earlier are"
                    + " expanded, $$(VAR_NAME) escapes one. Empty by default."),
            Map.entry(".valueFrom", "Where the value comes from instead of value: a ConfigMap or Secret key, a field"
                    + " of the pod or a resource of the container."),
            Map.entry(".valueFrom.configMapKeyRef", "A key of a ConfigMap in the Function's namespace."),
            Map.entry(".valueFrom.configMapKeyRef.key", "The key to take the value from."),
            Map.entry(".valueFrom.configMapKeyRef.name", "Name of the ConfigMap."),
            Map.entry(".valueFrom.configMapKeyRef.optional", "true: the ConfigMap or its key may be missing."),
            Map.entry(".valueFrom.fieldRef", "A field of the pod: metadata.name, metadata.namespace,"
                    + " metadata.labels['<KEY>'], metadata.annotations['<KEY>'], spec.nodeName,"
                    + " spec.serviceAccountName, status.hostIP, status.podIP or status.podIPs."),
            Map.entry(".valueFrom.fieldRef.apiVersion", "API version the fieldPath is written in; v1 by default."),
            Map.entry(".valueFrom.fieldRef.fieldPath", "Path of the field in that API version."),
            Map.entry(".valueFrom.resourceFieldRef", "A resource of the container: limits.cpu, limits.memory,"
                    + " limits.ephemeral-storage, requests.cpu, requests.memory or requests.ephemeral-storage."),
            Map.entry(".valueFrom.resourceFieldRef.containerName", "The container; the function's own by default."),
            Map.entry(".valueFrom.resourceFieldRef.divisor", "Unit the value is given in (e.g. 1Mi); 1 by default."),
            Map.entry(".valueFrom.resourceFieldRef.resource", "The resource, e.g. limits.memory."),
            Map.entry(".valueFrom.secretKeyRef", "A key of a Secret in the Function's namespace."),
            Map.entry(".valueFrom.secretKeyRef.key", "The key to take the value from."),
            Map.entry(".valueFrom.secretKeyRef.name", "Name of the Secret."),
            Map.entry(".valueFrom.secretKeyRef.optional", "true: the Secret or its key may be missing."));

    private static final Map<String, String> ENV_FROM_SOURCE = Map.ofEntries(
            Map.entry(".configMapRef", "A ConfigMap in the Function's namespace whose keys all become variables."),
            Map.entry(".configMapRef.name", "Name of the ConfigMap."),
            Map.entry(".configMapRef.optional", "true: the ConfigMap may be missing."),
            Map.entry(".prefix", "Text put before every key to make the variable's name."),
            Map.entry(".secretRef", "A Secret in the Function's namespace whose keys all become variables."),
            Map.entry(".secretRef.name", "Name of the Secret."),
            Map.entry(".secretRef.optional", "true: the Secret may be missing."));

    private static final Map<String, String> RESOURCE_REQUIREMENTS = Map.ofEntries(
            Map.entry(".claims", "Resource claims of the pod (dynamic resource allocation) this container uses."),
            Map.entry(".claims[].name", "Name of an entry in the pod's resourceClaims."),
            Map.entry(".claims[].request", "One request of that claim; empty = the whole claim."),
            Map.entry(".limits", "Most of each resource the container may use, e.g. {memory: 512Mi}."),
            Map.entry(".requests", "Resources reserved for the container, e.g. {cpu: 100m, memory: 256Mi}; the"
                    + " limits when omitted."));

    private static final Map<String, String> SECRET_KEY_SELECTOR = Map.ofEntries(
            Map.entry(".key", "The key of the Secret that holds the API key."),
            Map.entry(".name", "Name of the Secret, in the Function's namespace."),
            Map.entry(".optional", "true: the Secret or its key may be missing."));

    /** Where each core type sits in Quiver's schemas, and its properties' descriptions relative to there. */
    private static final Map<String, Map<String, String>> CORE_TYPES = Map.of(
            ".spec.template.env[]", ENV_VAR,
            ".spec.template.envFrom[]", ENV_FROM_SOURCE,
            ".spec.template.resources", RESOURCE_REQUIREMENTS,
            ".spec.triggers.http.apiKeySecret", SECRET_KEY_SELECTOR);

    public static void main(String[] args) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(args[0]))) {
            files = list.filter(f -> f.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
        }
        for (Path file : files) {
            String text = Files.readString(file);
            String header = text.startsWith("#") ? text.substring(0, text.indexOf('\n') + 1) : "";
            JsonNode crd = yaml.readTree(text);
            for (JsonNode version : crd.path("spec").path("versions")) {
                describe("", version.path("schema").path("openAPIV3Schema"));
            }
            Files.writeString(file, header + yaml.writeValueAsString(crd));
        }
    }

    private static void describe(String path, JsonNode node) {
        for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
            String propertyPath = path + "." + property.getKey();
            if (property.getValue() instanceof ObjectNode object && !object.path("description").isTextual()) {
                String description = coreDescription(propertyPath);
                if (description != null) {
                    putDescription(object, description);
                }
            }
            describe(propertyPath, property.getValue());
        }
        if (node.has("items")) {
            describe(path + "[]", node.get("items"));
        }
    }

    private static String coreDescription(String path) {
        for (Map.Entry<String, Map<String, String>> core : CORE_TYPES.entrySet()) {
            if (path.startsWith(core.getKey()) && path.length() > core.getKey().length()) {
                return core.getValue().get(path.substring(core.getKey().length()));
            }
        }
        return null;
    }

    /** Puts the description where the generator would have: keys stay in alphabetical order. */
    private static void putDescription(ObjectNode object, String description) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
        object.removeAll();
        boolean placed = false;
        for (Map.Entry<String, JsonNode> field : fields) {
            if (!placed && field.getKey().compareTo("description") > 0) {
                object.set("description", TextNode.valueOf(description));
                placed = true;
            }
            object.set(field.getKey(), field.getValue());
        }
        if (!placed) {
            object.set("description", TextNode.valueOf(description));
        }
    }
}
