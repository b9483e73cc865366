package dev.quiver.api.traffic;

import dev.quiver.api.ApiJson;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.rollout.TrafficSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a Function's {@code spec.traffic} into the traffic that is served: {@code latestRevision} becomes the
 * latest <em>ready</em> revision (so a failing new revision never takes traffic), named revisions are checked,
 * and each target gets its URL. Pure: the caller passes what it knows of the revisions.
 */
public final class TrafficResolver {

    private TrafficResolver() {
    }

    /**
     * Resolves the traffic.
     *
     * @param spec              {@code spec.traffic}; empty means 100 % to the latest ready revision
     * @param latestReady       the latest ready revision, or null when none is ready yet
     * @param existing          every revision of the function
     * @param ready             the revisions that are ready
     * @param functionUrl       the function's URL; a tag is reached at {@code <functionUrl>@<tag>}
     */
    public static TrafficResolution resolve(List<TrafficTarget> spec, String latestReady, Set<String> existing,
            Set<String> ready, String functionUrl) {
        return resolve(spec, latestReady, existing, ready, functionUrl, null);
    }

    /**
     * Resolves the traffic while a rollout may run: the weighted part that follows the latest revision is split
     * between the rollout's stable revision (tag {@value TrafficSplit#STABLE_TAG}) and the new one (tag
     * {@value TrafficSplit#CANARY_TAG}, which reaches it even at 0 %, for its smoke test) by the rollout's weight.
     * Targets naming a revision and match rules stay as written; a rollout that succeeded, or one of another
     * revision than the latest ready, splits nothing.
     *
     * @param rollout {@code status.rollout}, or null
     */
    public static TrafficResolution resolve(List<TrafficTarget> spec, String latestReady, Set<String> existing,
            Set<String> ready, String functionUrl, RolloutStatus rollout) {
        boolean splitting = rollout != null && rollout.phase != null && rollout.phase != RolloutPhase.Succeeded
                && rollout.stableRevision != null && rollout.revision != null && rollout.revision.equals(latestReady);
        if (splitting && !ready.contains(rollout.stableRevision)) {
            return new TrafficResolution(List.of(), List.of(TrafficResolution.Problem.pending("StableRevisionNotReady",
                    "the rollout of " + rollout.revision + " needs its stable revision " + rollout.stableRevision
                            + ", which is not ready")));
        }
        TrafficResolution plain = resolvePlain(spec, latestReady, existing, ready, functionUrl);
        return splitting && plain.complete() ? new TrafficResolution(split(spec, plain.targets(), rollout, functionUrl),
                List.of()) : plain;
    }

    private static List<TrafficTarget> split(List<TrafficTarget> spec, List<TrafficTarget> resolved, RolloutStatus rollout,
            String functionUrl) {
        List<TrafficTarget> wanted = spec == null || spec.isEmpty() ? List.of(TrafficTarget.latest(100)) : spec;
        TrafficSplit split = new TrafficSplit(rollout.revision, rollout.currentWeight == null ? 0 : rollout.currentWeight,
                rollout.stableRevision);
        int weightedLatest = 0;
        List<TrafficTarget> out = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            TrafficTarget target = resolved.get(i);
            if (wanted.get(i).followsLatest() && target.match == null) {
                weightedLatest += target.percentOrZero();
                if (target.tag != null) {
                    target.percent = 0;
                    out.add(target);
                }
                continue;
            }
            out.add(target);
        }
        int share = (int) Math.round(weightedLatest * split.weight() / 100.0);
        TrafficTarget stable = TrafficTarget.revision(split.stableRevision(), weightedLatest - share)
                .withTag(TrafficSplit.STABLE_TAG);
        TrafficTarget canary = TrafficTarget.revision(split.revision(), share).withTag(TrafficSplit.CANARY_TAG);
        stable.url = functionUrl + "@" + TrafficSplit.STABLE_TAG;
        canary.url = functionUrl + "@" + TrafficSplit.CANARY_TAG;
        out.add(0, canary);
        out.add(0, stable);
        return out;
    }

    private static TrafficResolution resolvePlain(List<TrafficTarget> spec, String latestReady, Set<String> existing,
            Set<String> ready, String functionUrl) {
        List<TrafficTarget> wanted = spec == null || spec.isEmpty() ? List.of(TrafficTarget.latest(100)) : spec;
        List<TrafficTarget> resolved = new ArrayList<>();
        List<TrafficResolution.Problem> problems = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            TrafficTarget target = ApiJson.copy(wanted.get(i), TrafficTarget.class);
            String path = "spec.traffic[" + i + "]";
            if (target.followsLatest()) {
                if (latestReady == null) {
                    problems.add(TrafficResolution.Problem.pending("NoReadyRevision",
                            path + " follows the latest ready revision, and no revision is ready yet"));
                    continue;
                }
                target.revisionName = latestReady;
            } else if (!existing.contains(target.revisionName)) {
                problems.add(TrafficResolution.Problem.failed("RevisionMissing", path + " names revision '"
                        + target.revisionName + "', which does not exist; see 'kubectl get qrev' for the revisions"));
                continue;
            } else if (!ready.contains(target.revisionName)) {
                problems.add(TrafficResolution.Problem.pending("RevisionNotReady", path + " names revision '"
                        + target.revisionName + "', which is not ready"));
                continue;
            }
            target.url = target.tag == null ? functionUrl : functionUrl + "@" + target.tag;
            if (target.match == null && target.percent == null) {
                target.percent = 0;
            }
            resolved.add(target);
        }
        return new TrafficResolution(resolved, problems);
    }
}
