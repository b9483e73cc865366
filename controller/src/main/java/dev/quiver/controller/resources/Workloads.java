package dev.quiver.controller.resources;

import dev.quiver.api.FunctionRevision;
import dev.quiver.api.contract.Annotations;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.util.Objects;
import java.util.TreeMap;

/**
 * The workload children of a revision: Deployment and ClusterIP Service in mode Service, a PodTemplate
 * in mode Job (the runtime stamps one Job per event from it). Pure functions of the revision and settings.
 */
public final class Workloads {

    private final int progressDeadlineSeconds;
    private final PodSettings pods;

    /**
     * Builders with the cluster-wide settings.
     *
     * @param progressDeadlineSeconds how long a Deployment may take to become available before it is failed
     * @param pods                    the settings of every function pod
     */
    public Workloads(int progressDeadlineSeconds, PodSettings pods) {
        this.progressDeadlineSeconds = progressDeadlineSeconds;
        this.pods = pods;
    }

    /**
     * The replicas a revision's Deployment runs. The revision's {@code spec.replicas} is their one owner (the
     * runtime's autoscaler writes it through the revision's scale subresource); until it is set, the initial count.
     */
    public static int replicas(FunctionRevision revision) {
        return revision.getSpec().replicasOrInitial();
    }

    /** The Deployment of a revision, with the revision's {@link #replicas}. */
    public Deployment deployment(FunctionRevision revision) {
        int replicas = replicas(revision);
        return withFingerprint(new DeploymentBuilder()
                .withMetadata(metadata(revision, ChildNames.deployment(revision.getMetadata().getName())))
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(Labels.selector(revision)).endSelector()
                .withProgressDeadlineSeconds(progressDeadlineSeconds)
                .withRevisionHistoryLimit(2)
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                .withTemplate(PodTemplates.of(revision, "Always", pods))
                .endSpec()
                .build());
    }

    /** The ClusterIP Service in front of a revision's pods, port 80 to the function's {@code $PORT}. */
    public Service service(FunctionRevision revision) {
        return withFingerprint(new ServiceBuilder()
                .withMetadata(metadata(revision, ChildNames.service(revision.getMetadata().getName())))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.selector(revision))
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).withTargetPort(new IntOrString(ChildNames.PORT_NAME)).endPort()
                .endSpec()
                .build());
    }

    /** The pod template the runtime turns into one Job per event, for a revision in mode Job. */
    public PodTemplate jobTemplate(FunctionRevision revision) {
        return withFingerprint(new PodTemplateBuilder()
                .withMetadata(metadata(revision, ChildNames.jobTemplate(revision.getMetadata().getName())))
                .withTemplate(PodTemplates.of(revision, "Never", pods))
                .build());
    }

    private static ObjectMeta metadata(FunctionRevision revision, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(revision.getMetadata().getNamespace())
                .withLabels(Labels.ofRevision(revision))
                .withOwnerReferences(Owners.controllerRef(revision))
                .withAnnotations(new TreeMap<>())
                .build();
    }

    /**
     * Stamps the fingerprint of the desired state. Replicas are left out: they change often, are compared with the
     * live value directly (see {@link #replicasInStep}), and a scale must not look like a new pod template.
     */
    private static <T extends HasMetadata> T withFingerprint(T desired) {
        Object content = desired instanceof Deployment d ? withoutReplicas(d) : desired;
        desired.getMetadata().getAnnotations().put(Annotations.DESIRED_HASH, Fingerprint.of(content));
        return desired;
    }

    private static Deployment withoutReplicas(Deployment deployment) {
        Deployment copy = new DeploymentBuilder(deployment).build();
        copy.getSpec().setReplicas(null);
        return copy;
    }

    /** Whether a live Deployment runs the replicas the desired one asks for. */
    public static boolean replicasInStep(Deployment live, Deployment desired) {
        return Objects.equals(live.getSpec().getReplicas(), desired.getSpec().getReplicas());
    }

    /** The fingerprint a child carries, or null when it has none. */
    public static String fingerprintOf(HasMetadata child) {
        return child.getMetadata().getAnnotations() == null ? null
                : child.getMetadata().getAnnotations().get(Annotations.DESIRED_HASH);
    }
}
