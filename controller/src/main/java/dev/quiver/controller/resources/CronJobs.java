package dev.quiver.controller.resources;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.Mode;
import dev.quiver.api.ScheduleTrigger;
import dev.quiver.api.contract.Annotations;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CronJobs of a Job-mode function: one per {@code triggers.schedule[]} entry, running the latest ready
 * revision's job pod with {@code QUIVER_MODE=Job} and the schedule's data in {@code QUIVER_EVENT}, so that the
 * function invokes itself once and exits (there is no runtime in between to POST the event). A run that is
 * still going when the next is due makes that one skip ({@code Forbid}), and fires missed for longer than
 * {@link #STARTING_DEADLINE_SECONDS} are not made up, as the runtime's scheduler does. Owned by the Function,
 * so that a new revision updates them in place. Pure.
 */
public final class CronJobs {

    /** How late a fire may still start; later ones are skipped. */
    public static final long STARTING_DEADLINE_SECONDS = 60;
    /** The CloudEvent type of a scheduled invocation, as the runtime's scheduler sends it. */
    public static final String EVENT_TYPE = "dev.quiver.schedule";
    /** Label with the index of the schedule trigger a CronJob runs. */
    public static final String SCHEDULE_LABEL = "quiver.dev/schedule";

    private CronJobs() {
    }

    /** The CronJobs the function should have: none unless it is in mode Job. */
    public static List<CronJob> of(Function function, FunctionRevision latestReady, PodSettings pods) {
        List<CronJob> cronJobs = new ArrayList<>();
        if (function.getSpec().modeOrDefault() != Mode.Job || latestReady == null) {
            return cronJobs;
        }
        List<ScheduleTrigger> schedules = function.getSpec().triggersOrDefault().schedule;
        for (int i = 0; i < schedules.size(); i++) {
            cronJobs.add(of(function, latestReady, i, pods));
        }
        return cronJobs;
    }

    /** The CronJob of the function's schedule trigger at {@code index}, running the given revision. */
    public static CronJob of(Function function, FunctionRevision revision, int index, PodSettings pods) {
        ScheduleTrigger schedule = function.getSpec().triggersOrDefault().schedule.get(index);
        String namespace = function.getMetadata().getNamespace();
        String functionName = function.getMetadata().getName();
        PodTemplateSpec pod = PodTemplates.of(revision, "Never", pods);
        pod.getMetadata().getLabels().put(SCHEDULE_LABEL, Integer.toString(index));
        Container container = pod.getSpec().getContainers().get(0);
        container.getEnv().add(new EnvVar("QUIVER_MODE", Mode.Job.name(), null));
        container.getEnv().add(new EnvVar("QUIVER_EVENT", schedule.data == null || schedule.data.isBlank() ? "{}" : schedule.data, null));
        container.getEnv().add(new EnvVar("QUIVER_EVENT_SOURCE", "quiver/schedule/" + namespace + "/" + functionName + "/" + index, null));
        long timeout = revision.getSpec().templateOrDefault().timeoutSecondsOrDefault();
        Map<String, String> labels = new TreeMap<>(Labels.ofRevision(revision));
        labels.put(SCHEDULE_LABEL, Integer.toString(index));
        CronJob cronJob = new CronJobBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(ChildNames.cronJob(functionName, index))
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .withOwnerReferences(Owners.controllerRef(function))
                        .withAnnotations(new TreeMap<>())
                        .build())
                .withNewSpec()
                .withSchedule(schedule.cron)
                .withTimeZone(schedule.timeZone == null || schedule.timeZone.isBlank() ? "Etc/UTC" : schedule.timeZone)
                .withConcurrencyPolicy("Forbid")
                .withStartingDeadlineSeconds(STARTING_DEADLINE_SECONDS)
                .withSuccessfulJobsHistoryLimit(3)
                .withFailedJobsHistoryLimit(3)
                .withNewJobTemplate()
                .withNewMetadata().withLabels(new TreeMap<>(labels)).endMetadata()
                .withNewSpec()
                // One try, as a scheduled invocation in the runtime gets; the next fire is the retry.
                .withBackoffLimit(0)
                // Start-up included, the job may take the invocation timeout plus the drain margin.
                .withActiveDeadlineSeconds(timeout + PodTemplates.DRAIN_MARGIN_SECONDS)
                .withTemplate(pod)
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
        cronJob.getMetadata().getAnnotations().put(Annotations.DESIRED_HASH, Fingerprint.of(cronJob));
        return cronJob;
    }
}
