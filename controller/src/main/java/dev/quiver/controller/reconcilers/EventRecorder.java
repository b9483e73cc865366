package dev.quiver.controller.reconcilers;

import dev.quiver.controller.status.ControllerEvent;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Writes the controller's events (core/v1 Events) about an object, so that {@code kubectl describe} and
 * {@code quiver describe} show what happened. A failure to write one is logged and never fails a reconcile.
 */
final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    /** The reporting component, as kubectl shows it under "From". */
    static final String COMPONENT = "quiver-controller";
    /**
     * The longest event message written: what events.k8s.io accepts as a note. The full text (a failure's log lines)
     * stays in the object's status.
     */
    static final int MAX_MESSAGE = 1024;

    private EventRecorder() {
    }

    /** Records the events about {@code object}. */
    static void record(KubernetesClient client, HasMetadata object, List<ControllerEvent> events) {
        for (ControllerEvent event : events) {
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            String namespace = object.getMetadata().getNamespace();
            try {
                client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                        .withNewMetadata()
                        .withName(object.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
                        .withNamespace(namespace)
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion(object.getApiVersion()).withKind(object.getKind())
                        .withName(object.getMetadata().getName()).withNamespace(namespace)
                        .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
                        .endInvolvedObject()
                        .withType(event.type()).withReason(event.reason()).withMessage(shortened(event.message()))
                        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                        .withNewSource().withComponent(COMPONENT).endSource()
                        .withReportingComponent(COMPONENT)
                        .build()).create();
            } catch (KubernetesClientException e) {
                LOG.warnf("could not record event %s about %s/%s: %s", event.reason(), namespace,
                        object.getMetadata().getName(), e.getMessage());
            }
        }
    }

    /** The message cut to {@value #MAX_MESSAGE} characters, ending in an ellipsis when cut. */
    static String shortened(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message
                : message.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
