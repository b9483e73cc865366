package dev.quiver.controller.resources;

import dev.quiver.api.ApiJson;
import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.HealthProbe;
import dev.quiver.api.MountedFiles;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.api.contract.Labels;
import dev.quiver.api.contract.Probes;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod of a revision, shared by its Deployment (mode Service) and its Job template (mode Job): the
 * function's container on {@code $PORT} with the revision's probes ({@link Probes#of}: the template's, else the
 * default its build chose), locked down (non-root,
 * read-only root filesystem, no capabilities, no service account token), reading configuration only from
 * the revision's immutable copies, and scheduled as the operator set for every function pod ({@link PodScheduling}). Its environment is the function contract's ({@link FunctionEnvironment}), the
 * same as the local platform gives a replica.
 */
public final class PodTemplates {

    /** The user the function runs as when the image names none; the distroless "nonroot" user. */
    public static final long RUN_AS_USER = 65532L;
    /** Seconds beyond the invocation timeout that a stopping pod gets to finish in-flight work. */
    public static final int DRAIN_MARGIN_SECONDS = 10;
    /**
     * Seconds a serving pod waits before it gets SIGTERM: time for its removal from the EndpointSlices to reach
     * every gateway, so that no request is routed to a pod that already stopped accepting (0 failed requests
     * across a rollout). The grace period is longer by as much.
     */
    public static final int PRE_STOP_SLEEP_SECONDS = 3;

    private PodTemplates() {
    }

    /**
     * The pod template of a revision.
     *
     * @param revision      the revision
     * @param restartPolicy {@code Always} for a Deployment (pods behind the gateway), {@code Never} for Jobs
     * @param settings      the cluster-wide settings of function pods
     */
    public static PodTemplateSpec of(FunctionRevision revision, String restartPolicy, PodSettings settings) {
        boolean serving = "Always".equals(restartPolicy);
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
        PodTemplateSpec pod = new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(Labels.podLabels(revision)).endMetadata()
                .withNewSpec()
                .withRestartPolicy(restartPolicy)
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds((long) template.timeoutSecondsOrDefault() + DRAIN_MARGIN_SECONDS
                        + (serving ? PRE_STOP_SLEEP_SECONDS : 0))
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(RUN_AS_USER)
                        .withRunAsGroup(RUN_AS_USER)
                        .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
                        .build())
                .withContainers(container(revision, template, mounts, settings, serving))
                .withVolumes(volumes)
                .endSpec()
                .build();
        settings.scheduling().applyTo(pod.getSpec());
        return pod;
    }

    private static Container container(FunctionRevision revision, FunctionTemplate template, List<VolumeMount> mounts,
            PodSettings settings, boolean serving) {
        Probes.Effective probes = Probes.of(template, revision.getSpec().defaultProbe);
        ContainerBuilder container = new ContainerBuilder()
                .withName(ChildNames.CONTAINER)
                .withImage(revision.getSpec().image)
                .addNewPort().withName(ChildNames.PORT_NAME).withContainerPort(ChildNames.PORT).withProtocol("TCP").endPort()
                .withEnv(env(revision, template, settings))
                .withEnvFrom(envFrom(revision, template))
                .withResources(settings.resources().apply(template.resources))
                .withReadinessProbe(probe(probes.readiness()))
                .withLivenessProbe(probe(probes.liveness()))
                .withSecurityContext(containerSecurity())
                .withVolumeMounts(mounts);
        if (serving) {
            // Needs no shell or sleep binary in the image (distroless); Kubernetes 1.30 or later.
            container.withNewLifecycle().withNewPreStop().withNewSleep((long) PRE_STOP_SLEEP_SECONDS).endPreStop()
                    .endLifecycle();
        }
        return container.build();
    }

    /** The contract's variables, then the template's (config references pointed at the revision's copies). */
    private static List<EnvVar> env(FunctionRevision revision, FunctionTemplate template, PodSettings settings) {
        Map<String, EnvVar> own = new LinkedHashMap<>();
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
            own.put(copy.getName(), copy);
        }
        return new ArrayList<>(FunctionEnvironment.of(FunctionEnvironment.Identity.of(revision), ChildNames.PORT,
                settings.addresses(), own, (name, value) -> new EnvVar(name, value, null)).values());
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

    /**
     * A Kubernetes probe of the function's port, by the port's name. A cold replica takes requests only once its
     * readiness passes, so the readiness period (1 s by default) bounds what a scale from zero adds to the start.
     */
    static Probe probe(HealthProbe probe) {
        ProbeBuilder builder = new ProbeBuilder()
                .withInitialDelaySeconds(probe.initialDelaySeconds)
                .withPeriodSeconds(probe.periodSeconds)
                .withTimeoutSeconds(probe.timeoutSeconds)
                .withFailureThreshold(probe.failureThreshold)
                .withSuccessThreshold(1);
        if (probe.httpGet != null) {
            builder.withNewHttpGet().withPath(probe.httpGet.path).withPort(new IntOrString(ChildNames.PORT_NAME))
                    .withScheme("HTTP").endHttpGet();
        } else {
            builder.withNewTcpSocket().withPort(new IntOrString(ChildNames.PORT_NAME)).endTcpSocket();
        }
        return builder.build();
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
