package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CronJob controller: at each minute its five-field schedule matches (in its timeZone), a Job
 * {@code <cronjob>-<minutes since the epoch>} from the jobTemplate, owned by the CronJob; concurrencyPolicy Forbid
 * and Replace, suspend, startingDeadlineSeconds (a fire is only made in its own minute; missed ones are not made up),
 * the history limits, and status lastScheduleTime, lastSuccessfulTime and active.
 */
final class CronJobs {

    static final String SCHEDULED_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    private final Kubelet kubelet;
    /** Per CronJob uid, the last minute a Job was made for (the API status may lag behind). */
    private final Map<String, Instant> lastFired = new HashMap<>();

    CronJobs(Kubelet kubelet) {
        this.kubelet = kubelet;
    }

    void reconcile(CronJob cronJob, List<Job> jobs) {
        if (cronJob.getSpec() == null || cronJob.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String uid = cronJob.getMetadata().getUid();
        List<Job> owned = jobs.stream().filter(j -> j.getMetadata().getOwnerReferences() != null && j.getMetadata()
                .getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()))).toList();
        List<Job> active = owned.stream().filter(j -> !finished(j) && j.getMetadata().getDeletionTimestamp() == null).toList();
        ZoneId zone = ZoneId.of(cronJob.getSpec().getTimeZone() == null || cronJob.getSpec().getTimeZone().isBlank()
                ? "Etc/UTC" : cronJob.getSpec().getTimeZone());
        ZonedDateTime minute = ZonedDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES);
        // The first fire is the first matching minute after the CronJob was made, as in Kubernetes.
        Instant last = lastFired.getOrDefault(uid, cronJob.getStatus() != null && cronJob.getStatus().getLastScheduleTime() != null
                ? Instant.parse(cronJob.getStatus().getLastScheduleTime()) : created(cronJob));
        Instant scheduleTime = last;
        boolean due = minute.toInstant().isAfter(last) && !Boolean.TRUE.equals(cronJob.getSpec().getSuspend())
                && CronSchedule.matches(cronJob.getSpec().getSchedule(), minute);
        if (due) {
            lastFired.put(uid, minute.toInstant());
            scheduleTime = minute.toInstant();
            String policy = cronJob.getSpec().getConcurrencyPolicy() == null ? "Allow" : cronJob.getSpec().getConcurrencyPolicy();
            if ("Forbid".equals(policy) && !active.isEmpty()) {
                due = false;
            } else if ("Replace".equals(policy)) {
                active.forEach(this::delete);
            }
        }
        if (due) {
            Job job = job(cronJob, minute.toInstant());
            try {
                kubelet.client().batch().v1().jobs().inNamespace(cronJob.getMetadata().getNamespace()).resource(job).create();
            } catch (KubernetesClientException e) {
                // made already (a pass after a restart of the loop), or again next pass
            }
        }
        pruneHistory(cronJob, owned);
        writeStatus(cronJob, active, owned, scheduleTime);
    }

    private static Instant created(CronJob cronJob) {
        try {
            return Instant.parse(cronJob.getMetadata().getCreationTimestamp());
        } catch (RuntimeException unparsable) {
            return Instant.now();
        }
    }

    private static Job job(CronJob cronJob, Instant scheduled) {
        var template = cronJob.getSpec().getJobTemplate();
        Map<String, String> labels = new TreeMap<>();
        Map<String, String> annotations = new TreeMap<>();
        if (template.getMetadata() != null) {
            if (template.getMetadata().getLabels() != null) {
                labels.putAll(template.getMetadata().getLabels());
            }
            if (template.getMetadata().getAnnotations() != null) {
                annotations.putAll(template.getMetadata().getAnnotations());
            }
        }
        annotations.put(SCHEDULED_ANNOTATION, PodStatuses.stamp(scheduled));
        return new JobBuilder()
                .withNewMetadata()
                .withName(cronJob.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60)
                .withNamespace(cronJob.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob")
                        .withName(cronJob.getMetadata().getName()).withUid(cronJob.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
    }

    private void pruneHistory(CronJob cronJob, List<Job> owned) {
        int keepSucceeded = cronJob.getSpec().getSuccessfulJobsHistoryLimit() == null ? 3 : cronJob.getSpec().getSuccessfulJobsHistoryLimit();
        int keepFailed = cronJob.getSpec().getFailedJobsHistoryLimit() == null ? 1 : cronJob.getSpec().getFailedJobsHistoryLimit();
        prune(owned.stream().filter(j -> outcome(j, "Complete")).toList(), keepSucceeded);
        prune(owned.stream().filter(j -> outcome(j, "Failed")).toList(), keepFailed);
    }

    private void prune(List<Job> finished, int keep) {
        List<Job> oldestFirst = finished.stream().sorted(Comparator.comparing(j -> j.getMetadata().getName())).toList();
        oldestFirst.stream().limit(Math.max(0, oldestFirst.size() - keep)).forEach(this::delete);
    }

    private void writeStatus(CronJob cronJob, List<Job> active, List<Job> owned, Instant scheduleTime) {
        List<ObjectReference> refs = new ArrayList<>();
        active.stream().sorted(Comparator.comparing(j -> j.getMetadata().getName())).forEach(j -> refs.add(new ObjectReferenceBuilder()
                .withApiVersion("batch/v1").withKind("Job").withName(j.getMetadata().getName())
                .withNamespace(j.getMetadata().getNamespace()).withUid(j.getMetadata().getUid()).build()));
        String lastSuccess = owned.stream().filter(j -> outcome(j, "Complete") && j.getStatus().getCompletionTime() != null)
                .map(j -> j.getStatus().getCompletionTime()).max(Comparator.naturalOrder())
                .orElse(cronJob.getStatus() == null ? null : cronJob.getStatus().getLastSuccessfulTime());
        CronJobStatus status = new CronJobStatusBuilder()
                .withActive(refs.isEmpty() ? null : refs)
                .withLastScheduleTime(lastFired.containsKey(cronJob.getMetadata().getUid()) ? PodStatuses.stamp(scheduleTime)
                        : cronJob.getStatus() == null ? null : cronJob.getStatus().getLastScheduleTime())
                .withLastSuccessfulTime(lastSuccess)
                .build();
        if (status.equals(cronJob.getStatus())) {
            return;
        }
        try {
            CronJob fresh = kubelet.client().batch().v1().cronjobs().inNamespace(cronJob.getMetadata().getNamespace())
                    .withName(cronJob.getMetadata().getName()).get();
            if (fresh != null) {
                fresh.setStatus(status);
                kubelet.client().batch().v1().cronjobs().inNamespace(fresh.getMetadata().getNamespace()).resource(fresh).updateStatus();
            }
        } catch (KubernetesClientException e) {
            // again next pass
        }
    }

    private void delete(Job job) {
        try {
            kubelet.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            // again next pass
        }
    }

    private static boolean finished(Job job) {
        return outcome(job, "Complete") || outcome(job, "Failed");
    }

    private static boolean outcome(Job job, String type) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
