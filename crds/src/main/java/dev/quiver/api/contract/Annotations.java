package dev.quiver.api.contract;

/**
 * The annotation keys of the contract between the planes that are not tied to one payload type. Annotations that
 * carry a report keep their key next to the report's type ({@code RolloutReport.ANNOTATION},
 * {@code TriggerReport.ANNOTATION}, {@link DefaultProbe#ANNOTATION}, {@code RolloutProgress.COMMAND_ANNOTATION}).
 */
public final class Annotations {

    /** Annotation on a child: fingerprint of the desired state the controller last wrote (replicas aside). */
    public static final String DESIRED_HASH = "quiver.dev/desired-hash";

    private Annotations() {
    }
}
