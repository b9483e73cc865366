package dev.quiver.api.rollout;

import dev.quiver.api.TrafficTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The weighted split a rollout asks for: the new revision's percent and the stable revision's rest.
 *
 * @param revision       the new revision
 * @param weight         its percent, 0 to 100
 * @param stableRevision the stable revision, which has {@code 100 - weight}; null when there is none (a first revision)
 */
public record TrafficSplit(String revision, int weight, String stableRevision) {

    /** The tag that reaches the new revision directly, e.g. for its smoke test. */
    public static final String CANARY_TAG = "canary";
    /** The tag that reaches the stable revision directly. */
    public static final String STABLE_TAG = "stable";

    /** Checks the weight. */
    public TrafficSplit {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("a weight is 0 to 100, got " + weight);
        }
    }

    /** The stable revision's percent. */
    public int stableWeight() {
        return stableRevision == null ? 0 : 100 - weight;
    }

    /**
     * The split as traffic targets: the new revision always with its tag (a smoke test reaches it at 0 %), the
     * stable one with its own. Without a stable revision the new one has 100 % whatever the weight: there is
     * nothing else to serve.
     */
    public List<TrafficTarget> targets() {
        List<TrafficTarget> targets = new ArrayList<>();
        if (stableRevision == null) {
            targets.add(TrafficTarget.revision(revision, 100).withTag(CANARY_TAG));
            return targets;
        }
        targets.add(TrafficTarget.revision(stableRevision, stableWeight()).withTag(STABLE_TAG));
        targets.add(TrafficTarget.revision(revision, weight).withTag(CANARY_TAG));
        return targets;
    }
}
