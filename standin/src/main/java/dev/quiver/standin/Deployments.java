package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Deployment (and ReplicaSet) controller, folded into one: keeps {@code spec.replicas} pods of the current
 * template (its hash is the {@code pod-template-hash} label), rolls a template change like RollingUpdate (new pods
 * first, old ones removed as new ones become ready, within maxSurge/maxUnavailable), scales down unready and newest
 * pods first, and writes the status the real controller writes.
 */
final class Deployments {

    static final String HASH_LABEL = "pod-template-hash";
    private static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName");

    private final Kubelet kubelet;
    /** Per Deployment uid: when it last made progress, for progressDeadlineSeconds. */
    private final Map<String, Progress> progress = new HashMap<>();
    /** Per Deployment uid, the status last written: the watch cache may not show it yet. */
    private final Map<String, DeploymentStatus> written = new HashMap<>();

    private record Progress(String hash, String counts, Instant since) {
    }

    Deployments(Kubelet kubelet) {
        this.kubelet = kubelet;
    }

    void reconcile(Deployment deployment) {
        if (deployment.getMetadata().getDeletionTimestamp() != null || deployment.getSpec() == null
                || deployment.getSpec().getTemplate() == null) {
            return;
        }
        String uid = deployment.getMetadata().getUid();
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        String hash = PodTemplateHash.of(deployment.getSpec().getTemplate());
        List<RunningPod> active = kubelet.podsOf(uid).stream().filter(p -> !p.isTerminating()).toList();
        List<RunningPod> current = active.stream().filter(p -> hash.equals(p.templateHash)).toList();
        List<RunningPod> old = active.stream().filter(p -> !hash.equals(p.templateHash)).toList();
        int surge = maxSurge(deployment, desired);
        int unavailable = maxUnavailable(deployment, desired);
        if (surge == 0 && unavailable == 0) {
            surge = 1;
        }
        boolean paused = Boolean.TRUE.equals(deployment.getSpec().getPaused());

        if (!paused) {
            // Scale the current template up (within the surge) or down (unready, then newest first).
            int room = old.isEmpty() ? desired - current.size() : Math.min(desired - current.size(), desired + surge - active.size());
            for (int i = 0; i < room; i++) {
                kubelet.createPod(deployment, deployment.getSpec().getTemplate(), deployment.getMetadata().getName() + "-" + hash,
                        Map.of(HASH_LABEL, hash), hash);
            }
            if (current.size() > desired) {
                removeFirst(byRemovalOrder(current), current.size() - desired);
            }
            // Old pods go as the availability allows: unready ones at once, ready ones while enough remain ready.
            if (!old.isEmpty()) {
                List<RunningPod> oldUnready = old.stream().filter(p -> !p.isReady()).toList();
                oldUnready.forEach(kubelet::removePod);
                List<RunningPod> oldReady = old.stream().filter(RunningPod::isReady)
                        .sorted(Comparator.comparingLong(p -> p.sequence)).toList();
                long readyNow = active.stream().filter(RunningPod::isReady).count();
                long removable = readyNow - (desired - unavailable);
                removeFirst(oldReady, (int) Math.max(0, Math.min(removable, oldReady.size())));
            }
        }
        writeStatus(deployment, desired, hash, unavailable);
    }

    private void removeFirst(List<RunningPod> pods, int count) {
        pods.stream().limit(Math.max(0, count)).forEach(kubelet::removePod);
    }

    /** Unready before ready, newest before oldest. */
    private static List<RunningPod> byRemovalOrder(List<RunningPod> pods) {
        return pods.stream().sorted(Comparator.comparing((RunningPod p) -> p.isReady())
                .thenComparing(Comparator.comparingLong((RunningPod p) -> p.sequence).reversed())).toList();
    }

    private void writeStatus(Deployment deployment, int desired, String hash, int maxUnavailable) {
        String uid = deployment.getMetadata().getUid();
        List<RunningPod> active = kubelet.podsOf(uid).stream().filter(p -> !p.isTerminating()).toList();
        List<RunningPod> updated = active.stream().filter(p -> hash.equals(p.templateHash)).toList();
        int ready = (int) active.stream().filter(RunningPod::isReady).count();
        int updatedReady = (int) updated.stream().filter(RunningPod::isReady).count();
        Instant now = PodStatuses.now();

        String counts = updated.size() + "/" + updatedReady + "/" + ready + "/" + active.size();
        Progress last = progress.get(uid);
        if (last == null || !last.hash.equals(hash) || !last.counts.equals(counts)) {
            boolean exceeded = last != null && last.hash.equals(hash) && last.since == null;
            last = new Progress(hash, counts, exceeded ? null : now);
            progress.put(uid, last);
        }
        boolean complete = updated.size() == desired && updatedReady == desired && active.size() == desired;
        int deadline = deployment.getSpec().getProgressDeadlineSeconds() == null ? 600 : deployment.getSpec().getProgressDeadlineSeconds();
        String replicaSet = deployment.getMetadata().getName() + "-" + hash;

        DeploymentStatus previous = written.containsKey(uid) ? written.get(uid)
                : deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        List<DeploymentCondition> conditions = new ArrayList<>();
        boolean available = ready >= desired - maxUnavailable;
        conditions.add(condition(previous, "Available", available, available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now));
        if (complete) {
            conditions.add(condition(previous, "Progressing", true, "NewReplicaSetAvailable",
                    "ReplicaSet \"" + replicaSet + "\" has successfully progressed.", now));
        } else if (last.since == null || now.isAfter(last.since.plusSeconds(deadline))) {
            progress.put(uid, new Progress(hash, counts, null)); // stays exceeded until the rollout moves on
            conditions.add(condition(previous, "Progressing", false, "ProgressDeadlineExceeded",
                    "ReplicaSet \"" + replicaSet + "\" has timed out progressing.", now));
        } else {
            conditions.add(condition(previous, "Progressing", true, "ReplicaSetUpdated",
                    "ReplicaSet \"" + replicaSet + "\" is progressing.", now));
        }
        updated.stream().filter(p -> p.waitingReason() != null && PULL_FAILURES.contains(p.waitingReason())).findFirst().ifPresent(p ->
                conditions.add(condition(previous, "ReplicaFailure", true, p.waitingReason(),
                        "pod " + p.name + ": " + p.waitingReason() + ": " + p.waitingMessage(), now)));

        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(active.size())
                .withUpdatedReplicas(updated.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, desired - ready) == 0 ? null : Math.max(0, desired - ready))
                .withConditions(conditions)
                .build();
        if (status.equals(deployment.getStatus()) || status.equals(written.get(uid))) {
            return;
        }
        try {
            Deployment fresh = kubelet.client().apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                    .withName(deployment.getMetadata().getName()).get();
            if (fresh == null || !uid.equals(fresh.getMetadata().getUid())) {
                return;
            }
            fresh.setStatus(status);
            kubelet.client().apps().deployments().inNamespace(fresh.getMetadata().getNamespace()).resource(fresh).updateStatus();
            written.put(uid, status);
        } catch (KubernetesClientException e) {
            // written again on the next pass
        }
    }

    /** A condition; its transition time stays while its status stays, its update time while nothing changes. */
    private static DeploymentCondition condition(DeploymentStatus previous, String type, boolean value, String reason,
            String message, Instant now) {
        String status = value ? "True" : "False";
        DeploymentCondition before = previous.getConditions() == null ? null
                : previous.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        String transition = before != null && status.equals(before.getStatus()) ? before.getLastTransitionTime()
                : PodStatuses.stamp(now);
        String update = before != null && status.equals(before.getStatus()) && reason.equals(before.getReason())
                && message.equals(before.getMessage()) ? before.getLastUpdateTime() : PodStatuses.stamp(now);
        DeploymentCondition condition = new DeploymentCondition();
        condition.setType(type);
        condition.setStatus(status);
        condition.setReason(reason);
        condition.setMessage(message);
        condition.setLastTransitionTime(transition);
        condition.setLastUpdateTime(update);
        return condition;
    }

    /** Forgets the progress of Deployments that are gone. */
    void forgetMissing(List<Deployment> existing) {
        Set<String> uids = existing.stream().map(d -> d.getMetadata().getUid()).collect(Collectors.toSet());
        progress.keySet().retainAll(uids);
        written.keySet().retainAll(uids);
        // Pods of a deleted Deployment are collected through their owner reference (GarbageCollector).
    }

    private static int maxSurge(Deployment deployment, int desired) {
        IntOrString value = deployment.getSpec().getStrategy() != null && deployment.getSpec().getStrategy().getRollingUpdate() != null
                ? deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge() : null;
        return scaled(value, desired, true, "25%");
    }

    private static int maxUnavailable(Deployment deployment, int desired) {
        if (deployment.getSpec().getStrategy() != null && "Recreate".equals(deployment.getSpec().getStrategy().getType())) {
            return desired;
        }
        IntOrString value = deployment.getSpec().getStrategy() != null && deployment.getSpec().getStrategy().getRollingUpdate() != null
                ? deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable() : null;
        return scaled(value, desired, false, "25%");
    }

    /** An absolute number or a percentage of desired (surge rounds up, unavailability down). */
    private static int scaled(IntOrString value, int desired, boolean roundUp, String byDefault) {
        String text = value == null ? byDefault : value.getIntVal() != null ? String.valueOf(value.getIntVal()) : value.getStrVal();
        if (text.endsWith("%")) {
            double share = Integer.parseInt(text.substring(0, text.length() - 1)) * desired / 100.0;
            return (int) (roundUp ? Math.ceil(share) : Math.floor(share));
        }
        return Integer.parseInt(text);
    }
}
