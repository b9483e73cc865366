package dev.quiver.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every field of the API carries a description, which becomes the schema's and so {@code kubectl explain}'s text. */
class ApiDocumentationTest {

    @Test
    void everyPublicFieldOfTheApiHasADescription() throws Exception {
        List<Class<?>> types = apiClasses();

        List<String> undocumented = types.stream().flatMap(type -> Stream.of(type.getDeclaredFields()))
                .filter(f -> Modifier.isPublic(f.getModifiers()) && !Modifier.isStatic(f.getModifiers()))
                .filter(f -> !hasDescription(f))
                .map(f -> f.getDeclaringClass().getSimpleName() + "." + f.getName())
                .toList();

        assertThat(types).as("classes found in dev.quiver.api").contains(FunctionSpec.class, TrafficTarget.class, Condition.class);
        assertThat(undocumented).as("public fields without @JsonPropertyDescription").isEmpty();
    }

    private static boolean hasDescription(Field field) {
        JsonPropertyDescription description = field.getAnnotation(JsonPropertyDescription.class);
        return description != null && !description.value().isBlank();
    }

    /** The top-level classes of the package dev.quiver.api (not its sub-packages), from the compiled output. */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException {
        Path folder = Path.of(Function.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("dev/quiver/api");
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .map(ApiDocumentationTest::load).toList();
        }
    }

    private static Class<?> load(String simpleName) {
        try {
            return Class.forName("dev.quiver.api." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
