package dev.quiver.controller.resources;

import dev.quiver.api.BuildSpec;
import dev.quiver.api.Function;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Job that builds a Function's {@code spec.build} into an image: an init container fetches the source
 * into an emptyDir {@code /workspace} (git clone, the ConfigMap's files, or a downloaded archive), then the
 * builder image runs {@code quiver build}, which pushes the image and writes {@code <image>@sha256:<digest>}
 * as its termination message (the last lines of its log when it fails). Locked down like a function's pod:
 * non-root, read-only root filesystem with writable emptyDirs, no capabilities, no service account token.
 * Pure: a function of the Function, its source hash and the settings.
 */
public final class BuildJobs {

    /** Where the source is fetched to and built from. */
    public static final String WORKSPACE = "/workspace";
    /** The builder's home: Maven's cache and the registry credentials live under it. */
    public static final String HOME = "/home/quiver";
    /** Where the builder writes its result, read back as the container's termination message. */
    public static final String TERMINATION_LOG = "/dev/termination-log";

    // Source values reach the scripts only as environment variables, never spliced into the script text.
    private static final String GIT_SCRIPT = "git clone --quiet --no-checkout \"$GIT_URL\" " + WORKSPACE
            + " && git -C " + WORKSPACE + " checkout --quiet \"$GIT_REVISION\"";
    // ConfigMap keys cannot hold '/', so a path is written with "__" in its place.
    private static final String CONFIG_MAP_SCRIPT = "for f in /source/*; do k=$(basename \"$f\");"
            + " p=" + WORKSPACE + "/$(echo \"$k\" | sed 's#__#/#g'); mkdir -p \"$(dirname \"$p\")\" && cp \"$f\" \"$p\" || exit 1; done";
    private static final String ARCHIVE_SCRIPT = "wget -q -O /tmp/source \"$ARCHIVE_URL\""
            + " && { [ -z \"$ARCHIVE_SHA256\" ] || echo \"$ARCHIVE_SHA256  /tmp/source\" | sha256sum -c -s -"
            + " || { echo \"the archive's SHA-256 is not $ARCHIVE_SHA256\"; exit 1; }; }"
            + " && case \"$ARCHIVE_URL\" in *.zip|*.zip\\?*) unzip -q /tmp/source -d " + WORKSPACE + ";;"
            + " *) tar -xzf /tmp/source -C " + WORKSPACE + ";; esac";

    private final Settings settings;

    /**
     * The settings every build Job shares.
     *
     * @param builderImage            image with the Quiver CLI, Maven and a JDK; runs {@code quiver build}
     * @param sourceImage             small image with sh, git, wget, tar, unzip and sha256sum that fetches the source
     * @param mavenCacheClaim         a PersistentVolumeClaim shared as Maven's cache, or empty for an emptyDir per build
     * @param insecureRegistries      registry hosts reached over plain HTTP or with an untrusted certificate
     * @param timeoutSeconds          how long a build may run before it is failed
     * @param ttlSecondsAfterFinished how long a finished build Job is kept (for its log) before Kubernetes deletes it
     * @param cpu                     CPU the builder requests
     * @param memory                  memory the builder requests, and its limit
     */
    public record Settings(String builderImage, String sourceImage, Optional<String> mavenCacheClaim,
            List<String> insecureRegistries, long timeoutSeconds, int ttlSecondsAfterFinished, String cpu, String memory) {
    }

    /** Builders with the cluster-wide settings. */
    public BuildJobs(Settings settings) {
        this.settings = settings;
    }

    /**
     * The build Job of a Function for a source hash.
     *
     * @param function   the Function (its uid makes the owner reference)
     * @param sourceHash {@link SourceHash} of its build inputs
     */
    public Job job(Function function, String sourceHash) {
        BuildSpec build = function.getSpec().build;
        String name = ChildNames.buildJob(function.getMetadata().getName(), sourceHash);
        Map<String, String> labels = new TreeMap<>();
        labels.put(Labels.FUNCTION, function.getMetadata().getName());
        labels.put(Labels.BUILD, sourceHash);
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_CONTROLLER);
        Map<String, String> podLabels = new TreeMap<>(labels);
        podLabels.put(Labels.BUILD_JOB, name);
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(function.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(Owners.controllerRef(function))
                .endMetadata()
                .withNewSpec()
                // A failed build fails the same way again; the Function reports it instead of retrying.
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(settings.timeoutSeconds())
                .withTtlSecondsAfterFinished(settings.ttlSecondsAfterFinished())
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(PodTemplates.RUN_AS_USER)
                        .withRunAsGroup(PodTemplates.RUN_AS_USER)
                        // Makes the emptyDirs, the cache claim and the credentials readable and writable by that user.
                        .withFsGroup(PodTemplates.RUN_AS_USER)
                        .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
                        .build())
                .withInitContainers(sourceContainer(build))
                .withContainers(builderContainer(function, build))
                .withVolumes(volumes(build))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The arguments of {@code quiver build} for a Function. */
    public List<String> builderArgs(Function function) {
        BuildSpec build = function.getSpec().build;
        List<String> args = new ArrayList<>(List.of("build", WORKSPACE + contextPath(build),
                "--registry", build.registry, "--image", function.getMetadata().getName(), "--digest-file", TERMINATION_LOG));
        if (build.baseImage != null && !build.baseImage.isBlank()) {
            args.addAll(List.of("--base-image", build.baseImage));
        }
        if (settings.insecureRegistries().contains(registryHost(build.registry))) {
            args.add("--insecure-registry");
        }
        return args;
    }

    /** The host (and port) part of an image repository such as {@code registry.local:5000/team}. */
    public static String registryHost(String registry) {
        int slash = registry.indexOf('/');
        return slash < 0 ? registry : registry.substring(0, slash);
    }

    private static String contextPath(BuildSpec build) {
        String dir = build.git == null || build.git.contextDir == null ? "" : build.git.contextDir.replaceAll("^/+|/+$", "");
        return dir.isEmpty() ? "" : "/" + dir;
    }

    private Container sourceContainer(BuildSpec build) {
        List<EnvVar> env = new ArrayList<>(List.of(new EnvVar("HOME", "/tmp", null)));
        String script;
        List<VolumeMount> mounts = new ArrayList<>(List.of(mount("workspace", WORKSPACE, false), mount("tmp", "/tmp", false)));
        if (build.git != null) {
            env.add(new EnvVar("GIT_URL", build.git.url, null));
            env.add(new EnvVar("GIT_REVISION", build.git.revisionOrDefault(), null));
            script = GIT_SCRIPT;
        } else if (build.configMap != null) {
            mounts.add(mount("source", "/source", true));
            script = CONFIG_MAP_SCRIPT;
        } else {
            env.add(new EnvVar("ARCHIVE_URL", build.archive.url, null));
            env.add(new EnvVar("ARCHIVE_SHA256", build.archive.sha256 == null ? "" : build.archive.sha256, null));
            script = ARCHIVE_SCRIPT;
        }
        return new ContainerBuilder()
                .withName(ChildNames.SOURCE_CONTAINER)
                .withImage(settings.sourceImage())
                .withCommand("sh", "-c", script)
                .withEnv(env)
                .withResources(resources("100m", "256Mi"))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(containerSecurity())
                .withVolumeMounts(mounts)
                .build();
    }

    private Container builderContainer(Function function, BuildSpec build) {
        List<VolumeMount> mounts = new ArrayList<>(List.of(mount("workspace", WORKSPACE, false), mount("tmp", "/tmp", false),
                mount("home", HOME, false), mount("maven-cache", HOME + "/.m2", false)));
        List<EnvVar> env = new ArrayList<>(List.of(new EnvVar("HOME", HOME, null)));
        if (build.credentialsSecret != null) {
            mounts.add(mount("registry-credentials", HOME + "/.docker", true));
            env.add(new EnvVar("DOCKER_CONFIG", HOME + "/.docker", null));
        }
        return new ContainerBuilder()
                .withName(ChildNames.BUILD_CONTAINER)
                .withImage(settings.builderImage())
                .withArgs(builderArgs(function))
                .withEnv(env)
                .withResources(resources(settings.cpu(), settings.memory()))
                .withTerminationMessagePath(TERMINATION_LOG)
                // On a crash before the builder writes its tail, the kubelet takes the log's last lines instead.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(containerSecurity())
                .withVolumeMounts(mounts)
                .build();
    }

    private List<Volume> volumes(BuildSpec build) {
        List<Volume> volumes = new ArrayList<>();
        for (String scratch : List.of("workspace", "tmp", "home")) {
            volumes.add(new VolumeBuilder().withName(scratch).withNewEmptyDir().endEmptyDir().build());
        }
        volumes.add(settings.mavenCacheClaim()
                .map(claim -> new VolumeBuilder().withName("maven-cache").withNewPersistentVolumeClaim()
                        .withClaimName(claim).endPersistentVolumeClaim().build())
                .orElseGet(() -> new VolumeBuilder().withName("maven-cache").withNewEmptyDir().endEmptyDir().build()));
        if (build.configMap != null) {
            volumes.add(new VolumeBuilder().withName("source").withNewConfigMap().withName(build.configMap).endConfigMap().build());
        }
        if (build.credentialsSecret != null) {
            volumes.add(new VolumeBuilder().withName("registry-credentials").withNewSecret()
                    .withSecretName(build.credentialsSecret)
                    .withItems(new KeyToPath(".dockerconfigjson", 0440, "config.json"))
                    .endSecret().build());
        }
        return volumes;
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly).build();
    }

    private static ResourceRequirements resources(String cpu, String memory) {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(cpu))
                .addToRequests("memory", new Quantity(memory))
                .addToLimits("memory", new Quantity(memory))
                .build();
    }

    private static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withCapabilities(new Capabilities(null, List.of("ALL")))
                .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
                .build();
    }
}
