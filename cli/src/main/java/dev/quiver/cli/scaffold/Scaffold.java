package dev.quiver.cli.scaffold;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionSpec;
import dev.quiver.api.validation.FunctionValidator;
import dev.quiver.api.validation.Problem;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import javax.lang.model.SourceVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a new function, rendered from the templates on the classpath ({@code templates/index.txt} lists
 * them: {@code common/} ones for every kind, {@code <kind>/} ones for one), with {@code {{key}}} placeholders
 * filled in from the name and the versions of this build.
 */
public final class Scaffold {

    /** The Maven groupId of new functions; the user renames it as they like. */
    public static final String GROUP_ID = "com.example";

    private static final String TEMPLATES = "/templates/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");

    /**
     * A file to write.
     *
     * @param path       relative to the function's folder
     * @param content    its text
     * @param executable whether it is a script to run (the Maven wrapper)
     */
    public record File(String path, String content, boolean executable) {
    }

    private Scaffold() {
    }

    /** What is wrong with {@code name} as a function name (the same rule the API applies); empty when it is fine. */
    public static List<String> nameProblems(String name) {
        Function probe = new Function();
        probe.setMetadata(new ObjectMetaBuilder().withName(name).build());
        probe.setSpec(new FunctionSpec());
        probe.getSpec().image = "probe";
        return FunctionValidator.validate(probe).stream()
                .filter(problem -> problem.path().equals("metadata.name"))
                .map(Problem::message)
                .toList();
    }

    /** The Java package of a function's code: {@code com.example.<name without dashes>}. */
    public static String javaPackage(String name) {
        String segment = name.replace("-", "");
        return GROUP_ID + "." + (SourceVersion.isKeyword(segment) ? segment + "fn" : segment);
    }

    /** The files of a new function of the given kind; {@code name} must be valid (see {@link #nameProblems}). */
    public static List<File> render(String name, Template template, BuildInfo build) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("groupId", GROUP_ID);
        values.put("package", javaPackage(name));
        values.put("packagePath", javaPackage(name).replace('.', '/'));
        values.put("template", template.id());
        values.put("quiverVersion", build.quiverVersion());
        values.put("quarkusVersion", build.quarkusVersion());
        values.put("compilerPluginVersion", build.require("compiler-plugin.version"));
        values.put("surefirePluginVersion", build.require("surefire-plugin.version"));
        values.put("jarPluginVersion", build.require("jar-plugin.version"));
        values.put("resourcesPluginVersion", build.require("resources-plugin.version"));
        values.put("summary", fill(template.summary(), values));
        values.put("tryIt", fill(template.tryIt(), values));

        List<File> files = new ArrayList<>();
        for (String[] entry : index()) {
            String kind = entry[0].substring(0, entry[0].indexOf('/'));
            if (kind.equals("common") || kind.equals(template.id())) {
                boolean executable = entry.length > 2 && entry[2].equals("executable");
                files.add(new File(fill(entry[1], values), fill(resource(entry[0]), values), executable));
            }
        }
        return files;
    }

    /**
     * Writes the files under {@code folder}, which must not exist or be empty (nothing of the user's is overwritten).
     *
     * @throws IllegalArgumentException when the folder is a file or holds anything
     */
    public static void write(Path folder, List<File> files) throws IOException {
        if (Files.exists(folder) && !isEmptyFolder(folder)) {
            throw new IllegalArgumentException(folder + (Files.isDirectory(folder) ? " exists and is not empty"
                    : " exists and is not a folder") + ": choose another name or --dir, or remove it");
        }
        for (File file : files) {
            Path target = folder.resolve(file.path());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.content());
            if (file.executable()) {
                target.toFile().setExecutable(true, false);
            }
        }
    }

    private static boolean isEmptyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.findAny().isEmpty();
        }
    }

    /** {@code text} with every placeholder filled in; an unknown one is a bug in a template. */
    static String fill(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("unknown placeholder " + matcher.group() + " in a template");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The lines of {@code templates/index.txt}: template resource, then the path it is written to. */
    private static List<String[]> index() {
        List<String[]> entries = new ArrayList<>();
        for (String line : resource("index.txt").split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                entries.add(trimmed.split("\\s+", 3));
            }
        }
        return entries;
    }

    private static String resource(String path) {
        try (InputStream in = Scaffold.class.getResourceAsStream(TEMPLATES + path)) {
            if (in == null) {
                throw new IllegalStateException("the template " + TEMPLATES + path + " is missing from the CLI");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + path, e);
        }
    }
}
