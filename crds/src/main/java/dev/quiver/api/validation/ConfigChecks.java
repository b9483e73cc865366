package dev.quiver.api.validation;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.MountedFiles;
import dev.quiver.api.revisions.ConfigCopyNames;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The rules for the ConfigMaps and Secrets a template reads ({@code envFrom}, {@code env[].valueFrom},
 * {@code configFiles}, {@code secretFiles}): each name must leave room for every revision's copy of the object
 * ({@link ConfigCopyNames}), and files are mounted at a folder of their own, never over one the platform or the
 * container runtime provides.
 */
final class ConfigChecks {

    /** Folders the container runtime provides, which no mount may be at or under. */
    private static final Set<String> RUNTIME_FOLDERS = Set.of("proc", "sys", "dev");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

    private final BiConsumer<String, String> report;
    private final String functionName;

    /**
     * @param report       receives each problem's path and message
     * @param functionName the Function's name, which each copy's name starts with; null when it has none
     */
    ConfigChecks(BiConsumer<String, String> report, String functionName) {
        this.report = report;
        this.functionName = functionName;
    }

    void check(FunctionTemplate template) {
        for (int i = 0; i < template.env.size(); i++) {
            EnvVarSource from = template.env.get(i).getValueFrom();
            String path = "spec.template.env[" + i + "].valueFrom";
            if (from != null && from.getConfigMapKeyRef() != null) {
                checkName(path + ".configMapKeyRef.name", ConfigSnapshot.Kind.ConfigMap, from.getConfigMapKeyRef().getName());
            }
            if (from != null && from.getSecretKeyRef() != null) {
                checkName(path + ".secretKeyRef.name", ConfigSnapshot.Kind.Secret, from.getSecretKeyRef().getName());
            }
        }
        for (int i = 0; i < template.envFrom.size(); i++) {
            EnvFromSource from = template.envFrom.get(i);
            String path = "spec.template.envFrom[" + i + "]";
            if ((from.getConfigMapRef() == null) == (from.getSecretRef() == null)) {
                report.accept(path, "needs exactly one of configMapRef or secretRef");
            } else if (from.getConfigMapRef() != null) {
                checkName(path + ".configMapRef.name", ConfigSnapshot.Kind.ConfigMap, from.getConfigMapRef().getName());
            } else {
                checkName(path + ".secretRef.name", ConfigSnapshot.Kind.Secret, from.getSecretRef().getName());
            }
        }
        Set<String> mountPaths = new HashSet<>();
        checkFiles("spec.template.configFiles", ConfigSnapshot.Kind.ConfigMap, template.configFiles, mountPaths);
        checkFiles("spec.template.secretFiles", ConfigSnapshot.Kind.Secret, template.secretFiles, mountPaths);
    }

    private void checkFiles(String path, ConfigSnapshot.Kind kind, List<MountedFiles> files, Set<String> mountPaths) {
        for (int i = 0; i < files.size(); i++) {
            MountedFiles mounted = files.get(i);
            checkName(path + "[" + i + "].name", kind, mounted.name);
            checkMountPath(path + "[" + i + "].mountPath", mounted, mountPaths);
        }
    }

    private void checkName(String path, ConfigSnapshot.Kind kind, String name) {
        if (name == null || name.isBlank()) {
            report.accept(path, "is required");
        } else if (name.length() > ConfigCopyNames.MAX_OBJECT_NAME || !DNS_SUBDOMAIN.matcher(name).matches()) {
            report.accept(path, "'" + name + "' is not a " + kind + " name: at most " + ConfigCopyNames.MAX_OBJECT_NAME
                    + " lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
        } else if (functionName != null && name.length() > ConfigCopyNames.maxSourceName(functionName, kind)) {
            report.accept(path, "is " + name.length() + " characters long; a " + kind + " that " + functionName
                    + " reads may have at most " + ConfigCopyNames.maxSourceName(functionName, kind) + ": each revision "
                    + "keeps a copy named <revision>" + ConfigCopyNames.infix(kind) + "<name>, and a name has at most "
                    + ConfigCopyNames.MAX_OBJECT_NAME + " characters");
        }
    }

    private void checkMountPath(String path, MountedFiles mounted, Set<String> mountPaths) {
        String mountPath = mounted.mountPath;
        if (mountPath == null || !mountPath.startsWith("/")) {
            report.accept(path, "'" + mountPath + "' must be an absolute path such as /etc/config");
            return;
        }
        String instead = "mount at a folder of its own, e.g. /etc/"
                + (mounted.name != null && DNS_SUBDOMAIN.matcher(mounted.name).matches() ? mounted.name : "<name>");
        List<String> segments = Arrays.stream(mountPath.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList();
        String folder = "/" + String.join("/", segments);
        if (segments.contains("..")) {
            // /etc/../tmp is /tmp: a '..' would also slip past the checks below.
            report.accept(path, "'" + mountPath + "' has a '..' segment, so it names another folder than it seems; "
                    + "write the folder itself: " + instead);
        } else if (segments.isEmpty()) {
            report.accept(path, "'" + mountPath + "' would hide the image's whole filesystem; " + instead);
        } else if (segments.get(0).equals("tmp")) {
            report.accept(path, "'" + mountPath + "' is /tmp or under it, where every replica has its writable scratch "
                    + "folder (an emptyDir in a pod), which a mount would clash with; " + instead);
        } else if (RUNTIME_FOLDERS.contains(segments.get(0))) {
            report.accept(path, "'" + mountPath + "' is under /" + segments.get(0) + ", which the container runtime "
                    + "provides; " + instead);
        } else if (folder.equals("/etc")) {
            report.accept(path, "'" + mountPath + "' would hide the image's /etc (users, CA certificates) and the files "
                    + "Kubernetes puts there (hosts, resolv.conf); " + instead);
        } else if (!mountPaths.add(folder)) {
            report.accept(path, mountPath + " is already used by another mount");
        }
    }
}
