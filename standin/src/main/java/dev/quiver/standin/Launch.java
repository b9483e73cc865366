package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a container of an unpacked image runs as a local process: its command line (with {@code java} mapped to the
 * image's own Java when it ships one, else the local JDK and absolute paths mapped into the unpacked root filesystem or the pod's volume folders), its working
 * folder and its environment (image, {@code envFrom}, {@code env} resolved from the API, the pod's own address).
 */
final class Launch {

    /** The JDK that runs images built for Temurin 25, when installed. */
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    /** Raised when the container's configuration cannot be assembled yet (a ConfigMap or Secret is missing). */
    static final class ConfigException extends Exception {
        ConfigException(String message) {
            super(message);
        }
    }

    private final PodConfigSources sources;
    private final Pod pod;
    private final Container container;
    private final ImageStore.Image image;
    private final String ip;
    private final Path podDir;
    /** Mount path → local folder, longest first. */
    private final Map<String, Path> mounts = new TreeMap<>((a, b) -> a.length() != b.length() ? b.length() - a.length() : a.compareTo(b));

    Launch(KubernetesClient client, Pod pod, Container container, ImageStore.Image image, String ip, Path podDir) {
        this.sources = new PodConfigSources(client, pod.getMetadata().getNamespace());
        this.pod = pod;
        this.container = container;
        this.image = image;
        this.ip = ip;
        this.podDir = podDir;
    }

    /** The java executable that stands in for the image's {@code java}. */
    static String localJava() {
        String override = System.getProperty("quiver.standin.java");
        if (override != null && !override.isBlank()) {
            return override;
        }
        if (Files.isExecutable(TEMURIN_25)) {
            return TEMURIN_25.toString();
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Writes the pod's volumes (configMap, secret, emptyDir) under the pod folder and returns the process to start.
     * Volume files are not at their mountPath (no mount namespace): arguments naming a mountPath are rewritten.
     */
    ProcessBuilder prepare() throws ConfigException, IOException {
        PodVolumes.write(pod, container, podDir, sources, mounts);
        List<String> command = new ArrayList<>();
        for (String part : commandLine()) {
            command.add(command.isEmpty() ? executable(part) : rewrite(part));
        }
        if (command.isEmpty()) {
            throw new ConfigException("the container has no command and the image no Entrypoint/Cmd");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        Path workDir = image.workingDir().isEmpty() ? image.rootfs() : inRootfs(image.workingDir());
        builder.directory(Files.isDirectory(workDir) ? workDir.toFile() : image.rootfs().toFile());
        Map<String, String> env = builder.environment();
        String hostPath = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.putAll(environment());
        // The image's PATH names folders of the image, which are not where processes run here.
        env.put("PATH", hostPath);
        return builder;
    }

    /** The command and arguments per Kubernetes' rules over the image's Entrypoint and Cmd. */
    List<String> commandLine() {
        List<String> command = container.getCommand() == null ? List.of() : container.getCommand();
        List<String> args = container.getArgs() == null ? List.of() : container.getArgs();
        List<String> line = new ArrayList<>();
        if (!command.isEmpty()) {
            line.addAll(command);
            line.addAll(args);
        } else {
            line.addAll(image.entrypoint());
            line.addAll(args.isEmpty() ? image.cmd() : args);
        }
        return line;
    }

    private String executable(String program) {
        if (program.equals("java") || program.endsWith("/bin/java")) {
            return imageJava(program).orElseGet(Launch::localJava);
        }
        if (program.startsWith("/")) {
            Path local = inRootfs(program);
            return Files.isExecutable(local) ? local.toString() : program;
        }
        return program;
    }

    /**
     * The image's own {@code java} ({@code $JAVA_HOME/bin/java} of the image, or the absolute path the command names),
     * when the image ships one inside its root filesystem: it is a Linux binary that runs here as it is, and an AOT
     * cache in the image works only with the Java that made it. Links that leave the root filesystem do not count.
     * {@code -Dquiver.standin.java} forces the local JDK's.
     */
    Optional<String> imageJava(String program) {
        String override = System.getProperty("quiver.standin.java");
        if (override != null && !override.isBlank()) {
            return Optional.empty();
        }
        List<String> candidates = new ArrayList<>();
        if (program.startsWith("/")) {
            candidates.add(program);
        }
        imageEnv("JAVA_HOME").ifPresent(home -> candidates.add(home + "/bin/java"));
        for (String candidate : candidates) {
            try {
                Path real = inRootfs(candidate).toRealPath();
                if (real.startsWith(image.rootfs().toRealPath()) && Files.isExecutable(real)) {
                    return Optional.of(real.toString());
                }
            } catch (IOException notThere) {
                // not in the image: try the next one
            }
        }
        return Optional.empty();
    }

    private Optional<String> imageEnv(String name) {
        return image.env().stream().filter(e -> e.startsWith(name + "=")).map(e -> e.substring(name.length() + 1))
                .reduce((first, last) -> last);
    }

    /** Rewrites absolute paths in an argument (also in {@code a:b} lists and after {@code =}) that exist here. */
    String rewrite(String argument) {
        int eq = argument.indexOf('=');
        if (argument.startsWith("-") && eq > 0) {
            return argument.substring(0, eq + 1) + rewriteList(argument.substring(eq + 1));
        }
        return rewriteList(argument);
    }

    private String rewriteList(String value) {
        if (!value.contains("/")) {
            return value;
        }
        String[] parts = value.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = rewritePath(parts[i]);
        }
        return String.join(":", parts);
    }

    private String rewritePath(String path) {
        if (!path.startsWith("/")) {
            return path;
        }
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String at = mount.getKey();
            if (path.equals(at) || path.startsWith(at.endsWith("/") ? at : at + "/")) {
                return mount.getValue().resolve(path.substring(at.length()).replaceFirst("^/", "")).toString();
            }
        }
        Path local = inRootfs(path);
        return Files.exists(local) ? local.toString() : path;
    }

    private Path inRootfs(String path) {
        return image.rootfs().resolve(path.replaceFirst("^/+", ""));
    }

    /** Image Env, then envFrom, then env, then the pod's own address and the resource limits the JVM can honour. */
    Map<String, String> environment() throws ConfigException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : image.env()) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        env.put("HOSTNAME", pod.getMetadata().getName());
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    Map<String, String> data = sources.configMap(from.getConfigMapRef().getName(),
                            Boolean.TRUE.equals(from.getConfigMapRef().getOptional()));
                    data.forEach((k, v) -> env.put(prefix + k, v));
                }
                if (from.getSecretRef() != null) {
                    Map<String, String> data = sources.secret(from.getSecretRef().getName(), Boolean.TRUE.equals(from.getSecretRef().getOptional()));
                    data.forEach((k, v) -> env.put(prefix + k, v));
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                String value = value(var, env);
                if (value != null) {
                    env.put(var.getName(), value);
                }
            }
        }
        // A pod has its own network namespace; here its address is its own: Quarkus binds 0.0.0.0 by default.
        env.put("QUARKUS_HTTP_HOST", ip);
        String jvmLimits = jvmLimits();
        if (!jvmLimits.isEmpty()) {
            String existing = env.get("JAVA_TOOL_OPTIONS");
            env.put("JAVA_TOOL_OPTIONS", existing == null || existing.isBlank() ? jvmLimits : existing + " " + jvmLimits);
        }
        return env;
    }

    private String value(EnvVar var, Map<String, String> env) throws ConfigException {
        if (var.getValueFrom() == null) {
            return var.getValue() == null ? "" : expand(var.getValue(), env);
        }
        var from = var.getValueFrom();
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            String value = sources.configMap(ref.getName(), optional).get(ref.getKey());
            if (value == null && !optional) {
                throw new ConfigException("couldn't find key " + ref.getKey() + " in ConfigMap " + namespace() + "/" + ref.getName());
            }
            return value;
        }
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            String value = sources.secret(ref.getName(), optional).get(ref.getKey());
            if (value == null && !optional) {
                throw new ConfigException("couldn't find key " + ref.getKey() + " in Secret " + namespace() + "/" + ref.getName());
            }
            return value;
        }
        if (from.getFieldRef() != null) {
            String path = from.getFieldRef().getFieldPath();
            return switch (path) {
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> namespace();
                case "metadata.uid" -> pod.getMetadata().getUid();
                case "status.podIP", "status.hostIP" -> ip;
                case "spec.nodeName" -> Kubelet.NODE_NAME;
                case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
                default -> fieldOfMap(path);
            };
        }
        return null;
    }

    private String fieldOfMap(String path) {
        Matcher m = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(path);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> map = m.group(1).equals("labels") ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
        return map == null ? null : map.get(m.group(2));
    }

    private static String expand(String value, Map<String, String> env) {
        Matcher m = VAR_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = env.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("$$(", "$(");
    }

    private String jvmLimits() {
        if (container.getResources() == null || container.getResources().getLimits() == null) {
            return "";
        }
        List<String> options = new ArrayList<>();
        Quantity memory = container.getResources().getLimits().get("memory");
        if (memory != null) {
            options.add("-XX:MaxRAM=" + Quantity.getAmountInBytes(memory).setScale(0, RoundingMode.UP).toPlainString());
        }
        Quantity cpu = container.getResources().getLimits().get("cpu");
        if (cpu != null) {
            BigDecimal cores = Quantity.getAmountInBytes(cpu).setScale(0, RoundingMode.CEILING);
            options.add("-XX:ActiveProcessorCount=" + Math.max(1, cores.intValue()));
        }
        return String.join(" ", options);
    }

    private String namespace() {
        return pod.getMetadata().getNamespace();
    }
}
