package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Job controller: one pod at a time per Job (parallelism 1), a new one after a failure while the backoffLimit
 * allows, the Job's status (active, ready, succeeded, failed, startTime, completionTime, conditions Complete/Failed),
 * {@code activeDeadlineSeconds} and {@code ttlSecondsAfterFinished}.
 */
final class Jobs {

    private final Kubelet kubelet;
    /** Per Job uid, the status last written: the watch cache may not show it yet. */
    private final Map<String, JobStatus> written = new HashMap<>();

    Jobs(Kubelet kubelet) {
        this.kubelet = kubelet;
    }

    void reconcile(Job job) {
        if (job.getMetadata().getDeletionTimestamp() != null || job.getSpec() == null || job.getSpec().getTemplate() == null) {
            return;
        }
        String uid = job.getMetadata().getUid();
        JobStatus previous = written.containsKey(uid) ? written.get(uid) : job.getStatus() == null ? new JobStatus() : job.getStatus();
        Instant now = PodStatuses.now();
        if (finishedAt(previous) != null) {
            expire(job, previous, now);
            return;
        }
        List<RunningPod> pods = kubelet.podsOf(uid);
        int succeeded = (int) pods.stream().filter(p -> "Succeeded".equals(p.phase())).count();
        int failed = (int) pods.stream().filter(p -> "Failed".equals(p.phase())).count();
        List<RunningPod> active = pods.stream().filter(p -> !p.hasEnded() && !p.isTerminating()).toList();
        int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        Instant started = previous.getStartTime() == null ? now : Instant.parse(previous.getStartTime());
        Long deadline = job.getSpec().getActiveDeadlineSeconds();

        List<JobCondition> conditions = new ArrayList<>();
        String completionTime = null;
        if (succeeded >= completions) {
            conditions.add(condition("Complete", null, null, now));
            completionTime = PodStatuses.stamp(now);
        } else if (failed > backoffLimit) {
            conditions.add(condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now));
        } else if (deadline != null && now.isAfter(started.plusSeconds(deadline))) {
            conditions.add(condition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline", now));
        }
        boolean done = !conditions.isEmpty();
        if (done) {
            active.forEach(kubelet::removePod);
            active = List.of();
        } else if (active.isEmpty()) {
            Map<String, String> labels = Map.of("controller-uid", uid, "batch.kubernetes.io/controller-uid", uid,
                    "job-name", job.getMetadata().getName(), "batch.kubernetes.io/job-name", job.getMetadata().getName());
            active = List.of(kubelet.createPod(job, job.getSpec().getTemplate(), job.getMetadata().getName(), labels, null));
        }
        JobStatus status = new JobStatusBuilder()
                .withStartTime(PodStatuses.stamp(started))
                .withActive(active.isEmpty() ? null : active.size())
                .withReady((int) active.stream().filter(RunningPod::isReady).count())
                .withSucceeded(succeeded == 0 ? null : succeeded)
                .withFailed(failed == 0 ? null : failed)
                .withCompletionTime(completionTime)
                .withConditions(conditions.isEmpty() ? null : conditions)
                .build();
        if (status.equals(job.getStatus()) || status.equals(written.get(uid))) {
            return;
        }
        try {
            Job fresh = kubelet.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                    .withName(job.getMetadata().getName()).get();
            if (fresh == null || !uid.equals(fresh.getMetadata().getUid())) {
                return;
            }
            fresh.setStatus(status);
            kubelet.client().batch().v1().jobs().inNamespace(fresh.getMetadata().getNamespace()).resource(fresh).updateStatus();
            written.put(uid, status);
        } catch (KubernetesClientException e) {
            // written again on the next pass
        }
    }

    /** Forgets the Jobs that are gone. */
    void forgetMissing(List<Job> existing) {
        Set<String> uids = existing.stream().map(j -> j.getMetadata().getUid()).collect(Collectors.toSet());
        written.keySet().retainAll(uids);
    }

    /** ttlSecondsAfterFinished: a finished Job is deleted (its pods follow through their owner reference). */
    private void expire(Job job, JobStatus status, Instant now) {
        Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
        Instant finished = finishedAt(status);
        if (ttl != null && finished != null && !now.isBefore(finished.plusSeconds(ttl))) {
            try {
                kubelet.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                        .withName(job.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                // again on the next pass
            }
        }
    }

    private static Instant finishedAt(JobStatus status) {
        if (status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream()
                .filter(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()))
                .map(c -> c.getLastTransitionTime() == null ? Instant.EPOCH : Instant.parse(c.getLastTransitionTime()))
                .findFirst().orElse(null);
    }

    private static JobCondition condition(String type, String reason, String message, Instant now) {
        JobCondition condition = new JobCondition();
        condition.setType(type);
        condition.setStatus("True");
        condition.setReason(reason);
        condition.setMessage(message);
        condition.setLastProbeTime(PodStatuses.stamp(now));
        condition.setLastTransitionTime(PodStatuses.stamp(now));
        return condition;
    }
}
