import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build step after the fabric8 CRD generator (run by the crds pom in process-classes, as a single-file program):
 * puts each CRD's additionalPrinterColumns in the order their annotations are declared on the Java class.
 * The generator sorts them by jsonPath, which would make `kubectl get qfn` start with Age.
 *
 * Usage: java -cp <classpath> PrinterColumnOrder.java <generated-crd-folder> <custom-resource-class>...
 */
public class PrinterColumnOrder {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
        for (int i = 1; i < args.length; i++) {
            Class<?> type = Class.forName(args[i]);
            Path file = folder.resolve(crdName(type) + "-v1.yml");
            String text = Files.readString(file);
            String header = text.startsWith("#") ? text.substring(0, text.indexOf('\n') + 1) : "";
            JsonNode crd = yaml.readTree(text);
            for (JsonNode version : crd.path("spec").path("versions")) {
                reorder((ArrayNode) version.get("additionalPrinterColumns"), type);
            }
            Files.writeString(file, header + yaml.writeValueAsString(crd));
        }
    }

    private static String crdName(Class<?> type) {
        Plural plural = type.getAnnotation(Plural.class);
        String name = plural != null ? plural.value() : HasMetadata.getPlural(type);
        return name + "." + type.getAnnotation(Group.class).value();
    }

    private static void reorder(ArrayNode columns, Class<?> type) {
        if (columns == null) {
            return;
        }
        List<JsonNode> ordered = new ArrayList<>();
        for (AdditionalPrinterColumn declared : type.getAnnotationsByType(AdditionalPrinterColumn.class)) {
            for (JsonNode column : columns) {
                if (column.path("name").asText().equals(declared.name())) {
                    ordered.add(column);
                }
            }
        }
        if (ordered.size() != columns.size()) {
            throw new IllegalStateException("printer columns of " + type.getSimpleName() + " do not match its annotations: "
                    + columns);
        }
        columns.removeAll();
        columns.addAll(ordered);
    }
}
