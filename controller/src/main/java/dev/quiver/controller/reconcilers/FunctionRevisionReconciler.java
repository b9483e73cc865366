package dev.quiver.controller.reconcilers;

import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.Mode;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import dev.quiver.controller.ControllerConfig;
import dev.quiver.controller.status.ReadinessFailure;
import dev.quiver.controller.status.RevisionStatuses;
import dev.quiver.controller.status.Transitions;
import dev.quiver.controller.resources.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;

/**
 * Turns a revision into its workload: a Deployment and a ClusterIP Service (mode Service) or a Job
 * template (mode Job), and reports the revision's readiness. The revision's {@code spec.replicas} (written by
 * the runtime's autoscaler through the revision's scale subresource) is the one owner of the replicas: every
 * reconcile mirrors it into the Deployment, so a Deployment scaled by anyone else is put back.
 */
@ControllerConfiguration(name = "functionrevision")
public class FunctionRevisionReconciler implements Reconciler<FunctionRevision> {

    private static final Logger LOG = Logger.getLogger(FunctionRevisionReconciler.class);

    private final Workloads workloads;
    private final RevisionStatuses statuses = new RevisionStatuses(Clock.systemUTC());

    /** A reconciler with the controller's settings. */
    public FunctionRevisionReconciler(ControllerConfig config) {
        this.workloads = new Workloads(config.progressDeadlineSeconds(), config.podSettings());
    }

    @Override
    public List<EventSource<?, FunctionRevision>> prepareEventSources(EventSourceContext<FunctionRevision> context) {
        return List.of(
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Deployment.class, FunctionRevision.class)
                        .withLabelSelector(Labels.REVISION)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(FunctionRevision.class, false))
                        .build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(PodTemplate.class, FunctionRevision.class)
                        .withLabelSelector(Labels.REVISION)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(FunctionRevision.class, false))
                        .build(), context));
    }

    @Override
    public UpdateControl<FunctionRevision> reconcile(FunctionRevision revision, Context<FunctionRevision> context) {
        KubernetesClient client = context.getClient();
        String namespace = revision.getMetadata().getNamespace();
        String name = revision.getMetadata().getName();
        FunctionRevisionStatus status;
        if (revision.getSpec().mode == Mode.Job) {
            PodTemplate live = client.v1().podTemplates().inNamespace(namespace).withName(ChildNames.jobTemplate(name)).get();
            ChildWriter.Result<PodTemplate> template = ChildWriter.apply(client, live, workloads.jobTemplate(revision), revision,
                    (existing, desired) -> desired);
            status = template.outcome() == ChildWriter.Outcome.NOT_OWNED
                    ? statuses.notOwned(revision, "PodTemplate", ChildNames.jobTemplate(name))
                    : statuses.ofJob(revision, true);
        } else {
            Deployment live = client.apps().deployments().inNamespace(namespace).withName(ChildNames.deployment(name)).get();
            ChildWriter.Result<Deployment> deployment = ChildWriter.apply(client, live, workloads.deployment(revision),
                    revision, (existing, desired) -> desired, Workloads::replicasInStep);
            Service liveService = client.services().inNamespace(namespace).withName(ChildNames.service(name)).get();
            ChildWriter.Result<Service> service = ChildWriter.apply(client, liveService, workloads.service(revision), revision,
                    FunctionRevisionReconciler::keepClusterIp);
            if (deployment.outcome() == ChildWriter.Outcome.NOT_OWNED) {
                status = statuses.notOwned(revision, "Deployment", ChildNames.deployment(name));
            } else if (service.outcome() == ChildWriter.Outcome.NOT_OWNED) {
                status = statuses.notOwned(revision, "Service", ChildNames.service(name));
            } else {
                status = statuses.ofService(revision, deployment.object(),
                        RevisionStatuses.progressDeadlineExceeded(deployment.object()) ? unreadyPod(client, revision) : null);
            }
        }
        if (!status.equals(revision.getStatus())) {
            StatusWriter.write(client, revision, status);
            EventRecorder.record(client, revision, Transitions.ofRevision(revision.getStatus(), status));
        }
        return UpdateControl.noUpdate();
    }

    /**
     * A replica of the revision that never became ready, with its log's last lines when the API serves them: read
     * only once the Deployment has given up, for the revision's failure message.
     */
    private static ReadinessFailure.UnreadyPod unreadyPod(KubernetesClient client, FunctionRevision revision) {
        String namespace = revision.getMetadata().getNamespace();
        try {
            List<Pod> pods = client.pods().inNamespace(namespace)
                    .withLabel(Labels.REVISION, revision.getMetadata().getName()).list().getItems();
            ReadinessFailure.UnreadyPod pod = ReadinessFailure.unreadyPod(pods).orElse(null);
            if (pod == null) {
                return null;
            }
            try {
                return pod.withLog(client.pods().inNamespace(namespace).withName(pod.name()).inContainer(ChildNames.CONTAINER)
                        .tailingLines(ReadinessFailure.LOG_LINES).getLog());
            } catch (KubernetesClientException e) {
                // No log yet (the container never started) or no right to read it: the message says so.
                LOG.debugf("cannot read the log of pod %s/%s: %s", namespace, pod.name(), e.getMessage());
                return pod;
            }
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot list the pods of revision %s/%s: %s", namespace, revision.getMetadata().getName(),
                    e.getMessage());
            return null;
        }
    }

    // The API server assigns the cluster IP; an update must carry it.
    private static Service keepClusterIp(Service live, Service desired) {
        desired.getSpec().setClusterIP(live.getSpec().getClusterIP());
        desired.getSpec().setClusterIPs(live.getSpec().getClusterIPs());
        return desired;
    }
}
