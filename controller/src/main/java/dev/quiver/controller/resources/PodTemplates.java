package dev.quiver.controller.resources;

import dev.quiver.api.ApiJson;
import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.MountedFiles;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The pod of a revision, shared by its Deployment (mode Service) and its Job template (mode Job): the
 * function's container on {@code $PORT} with the function contract's probes, locked down (non-root,
 * read-only root filesystem, no capabilities, no service account token), reading configuration only from
 * the revision's immutable copies.
 */
public final class PodTemplates {

    /** The user the function runs as when the image names none; the distroless "nonroot" user. */
    public static final long RUN_AS_USER = 65532L;
    /** Seconds beyond the invocation timeout that a stopping pod gets to finish in-flight work. */
    public static final int DRAIN_MARGIN_SECONDS = 10;

    private PodTemplates() {
    }

    /**
     * The pod template of a revision.
     *
     * @param revision      the revision
     * @param restartPolicy {@code Always} for a Deployment, {@code Never} for Jobs
     */
    public static PodTemplateSpec of(FunctionRevision revision, String restartPolicy) {
        FunctionTemplate template = revision.getSpec().templateOrDefault();
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        // The root filesystem is read-only; most runtimes still need a scratch folder.
        volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
        mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        for (int i = 0; i < template.configFiles.size(); i++) {
            MountedFiles files = template.configFiles.get(i);
            String volume = "config-" + i;
            volumes.add(new VolumeBuilder().withName(volume).withNewConfigMap()
                    .withName(copyName(revision, ConfigSnapshot.Kind.ConfigMap, files.name)).endConfigMap().build());
            mounts.add(new VolumeMountBuilder().withName(volume).withMountPath(files.mountPath).withReadOnly(true).build());
        }
        for (int i = 0; i < template.secretFiles.size(); i++) {
            MountedFiles files = template.secretFiles.get(i);
            String volume = "secret-" + i;
            volumes.add(new VolumeBuilder().withName(volume).withNewSecret()
                    .withSecretName(copyName(revision, ConfigSnapshot.Kind.Secret, files.name)).endSecret().build());
            mounts.add(new VolumeMountBuilder().withName(volume).withMountPath(files.mountPath).withReadOnly(true).build());
        }
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(Labels.podLabels(revision)).endMetadata()
                .withNewSpec()
                .withRestartPolicy(restartPolicy)
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds((long) template.timeoutSecondsOrDefault() + DRAIN_MARGIN_SECONDS)
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(RUN_AS_USER)
                        .withRunAsGroup(RUN_AS_USER)
                        .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
                        .build())
                .withContainers(container(revision, template, mounts))
                .withVolumes(volumes)
                .endSpec()
                .build();
    }

    private static Container container(FunctionRevision revision, FunctionTemplate template, List<VolumeMount> mounts) {
        return new ContainerBuilder()
                .withName(Names.CONTAINER)
                .withImage(revision.getSpec().image)
                .addNewPort().withName("http").withContainerPort(Names.PORT).withProtocol("TCP").endPort()
                .withEnv(env(revision, template))
                .withEnvFrom(envFrom(revision, template))
                .withResources(template.resources)
                .withReadinessProbe(probe("/health/ready"))
                .withLivenessProbe(probe("/health/live"))
                .withSecurityContext(containerSecurity())
                .withVolumeMounts(mounts)
                .build();
    }

    private static List<EnvVar> env(FunctionRevision revision, FunctionTemplate template) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("PORT", String.valueOf(Names.PORT), null));
        env.add(new EnvVar("QUIVER_FUNCTION", revision.getSpec().functionName, null));
        env.add(new EnvVar("QUIVER_REVISION", revision.getMetadata().getName(), null));
        for (EnvVar user : template.env) {
            EnvVar copy = ApiJson.copy(user, EnvVar.class);
            if (copy.getValueFrom() != null && copy.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = copy.getValueFrom().getConfigMapKeyRef();
                ref.setName(copyName(revision, ConfigSnapshot.Kind.ConfigMap, ref.getName()));
            }
            if (copy.getValueFrom() != null && copy.getValueFrom().getSecretKeyRef() != null) {
                var ref = copy.getValueFrom().getSecretKeyRef();
                ref.setName(copyName(revision, ConfigSnapshot.Kind.Secret, ref.getName()));
            }
            env.add(copy);
        }
        return env;
    }

    private static List<EnvFromSource> envFrom(FunctionRevision revision, FunctionTemplate template) {
        List<EnvFromSource> result = new ArrayList<>();
        for (EnvFromSource user : template.envFrom) {
            EnvFromSource copy = ApiJson.copy(user, EnvFromSource.class);
            if (copy.getConfigMapRef() != null) {
                copy.getConfigMapRef().setName(copyName(revision, ConfigSnapshot.Kind.ConfigMap, copy.getConfigMapRef().getName()));
            }
            if (copy.getSecretRef() != null) {
                copy.getSecretRef().setName(copyName(revision, ConfigSnapshot.Kind.Secret, copy.getSecretRef().getName()));
            }
            result.add(copy);
        }
        return result;
    }

    /** The copy the revision snapshotted for a source; the source itself only if the revision has no copy of it. */
    private static String copyName(FunctionRevision revision, ConfigSnapshot.Kind kind, String source) {
        return revision.getSpec().snapshots.stream()
                .filter(s -> s.kind == kind && source.equals(s.source))
                .map(s -> s.copy)
                .findFirst()
                .orElse(source);
    }

    private static Probe probe(String path) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString("http")).withScheme("HTTP").endHttpGet()
                .withPeriodSeconds(5)
                .withTimeoutSeconds(1)
                .withFailureThreshold(3)
                .withSuccessThreshold(1)
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
