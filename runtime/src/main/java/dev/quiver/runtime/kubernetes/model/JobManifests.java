package dev.quiver.runtime.kubernetes.model;

import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Job per event, stamped from the PodTemplate the controller keeps for a Job-mode revision: the same locked-down
 * pod, with {@code QUIVER_MODE=Job}, no retries by Kubernetes (the trigger retries and dead-letters), a deadline of
 * the invocation timeout plus a margin, and a time to live so finished Jobs do not pile up.
 */
public final class JobManifests {

    /** Label on a Job and its pod: the Job's own name, so the runtime finds the pod without the Job controller's labels. */
    public static final String JOB_LABEL = "quiver.dev/job";
    /** Value of {@link Labels#MANAGED_BY} on Jobs: the runtime made them. */
    public static final String MANAGED_BY = "quiver-runtime";
    /** Annotation with the CloudEvent id the Job was made for. */
    public static final String EVENT_ANNOTATION = "quiver.dev/event-id";
    /** Seconds a Job may run beyond the invocation timeout (pod start, readiness). */
    public static final long START_MARGIN_SECONDS = 120;
    /** How long a finished Job stays for {@code kubectl logs}. */
    public static final int TTL_SECONDS_AFTER_FINISHED = 600;
    private static final int MAX_NAME = 63;

    private JobManifests() {
    }

    /**
     * A Job name for one event of the revision: the revision's name and a suffix, at most 63 characters (the
     * limit of the label the Job controller puts on its pods).
     */
    public static String jobName(String revision, String suffix) {
        String tail = "-" + suffix.toLowerCase(Locale.ROOT);
        String head = revision.length() + tail.length() > MAX_NAME ? revision.substring(0, MAX_NAME - tail.length()) : revision;
        return head + tail;
    }

    /**
     * The Job.
     *
     * @param template       the revision's PodTemplate (its labels name the function and the revision)
     * @param name           from {@link #jobName}
     * @param eventId        the CloudEvent id, kept as an annotation
     * @param timeoutSeconds the invocation timeout
     */
    public static Job job(PodTemplate template, String name, String eventId, long timeoutSeconds) {
        Map<String, String> labels = new TreeMap<>(template.getMetadata().getLabels() == null ? Map.of()
                : template.getMetadata().getLabels());
        labels.put(Labels.MANAGED_BY, MANAGED_BY);
        labels.put(JOB_LABEL, name);
        PodTemplateSpec pod = new PodTemplateSpecBuilder(template.getTemplate())
                .editOrNewMetadata().addToLabels(JOB_LABEL, name).endMetadata()
                .editSpec().withRestartPolicy("Never").endSpec()
                .build();
        pod.getSpec().getContainers().stream().filter(c -> ChildNames.CONTAINER.equals(c.getName())).forEach(c -> {
            c.getEnv().removeIf(e -> "QUIVER_MODE".equals(e.getName()));
            c.getEnv().add(new EnvVar("QUIVER_MODE", "Job", null));
        });
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(template.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(Map.of(EVENT_ANNOTATION, eventId))
                .withOwnerReferences(owners(template))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(timeoutSeconds + START_MARGIN_SECONDS)
                .withTtlSecondsAfterFinished(TTL_SECONDS_AFTER_FINISHED)
                .withTemplate(pod)
                .endSpec()
                .build();
    }

    /** The template's owner (the revision), as a plain owner: deleting the revision deletes its Jobs. */
    private static List<OwnerReference> owners(PodTemplate template) {
        List<OwnerReference> refs = template.getMetadata().getOwnerReferences() == null ? List.of()
                : template.getMetadata().getOwnerReferences();
        return refs.stream().map(ref -> new OwnerReferenceBuilder(ref).withController(false)
                .withBlockOwnerDeletion(false).build()).toList();
    }
}
