package dev.quiver.runtime.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Knative's KPA for one revision: how many replicas it should have, from the demand it saw.
 *
 * <p>One instance per revision; the runtime keeps them in a map keyed by revision and drops the entry when the
 * revision is retired. Nothing here reads a clock or a metric: the caller passes the time and the samples, so
 * the algorithm is deterministic under a fake clock.
 *
 * <p>Demand is the sum of two sampled series, each averaged over the stable and the panic window:
 * <ul>
 *   <li>{@link #record concurrency}: requests in flight plus queued for the revision, sampled once a second by
 *       the runtime, and recorded at once when a request arrives for a revision at zero;</li>
 *   <li>{@link #recordBacklog backlog}: messages waiting for the revision's event consumer, counted like
 *       queued requests, so an event-only function scales from zero and up with its lag.</li>
 * </ul>
 *
 * <p>{@link #decide} follows Knative's {@code autoscaler.Scale}: the desired replicas are
 * {@code ceil(average / (target * utilization))} over the stable window, limited per decision to
 * {@code [floor(current / maxScaleDownRate), ceil(current * maxScaleUpRate)]}. When the panic window wants at
 * least {@code panicThreshold} times the current replicas the autoscaler panics: it follows the larger of the
 * panic and stable figures, never scales down, and stays in panic until one stable window has passed since the
 * panic window last crossed the threshold. Then the policy's bounds apply; a revision at zero with demand gets
 * at least {@code activationScale} replicas at once; and the last replica is kept until the stable window shows
 * no demand and the grace period since the last demand has passed.
 *
 * <p>Thread-safe: the sampler, the activator and the scaling loop may call it from different threads.
 */
public final class Autoscaler {

    private final ScalingPolicy policy;
    private final WindowedAverage concurrency;
    private final WindowedAverage backlog;
    private Instant lastDemand;
    private Instant panicSince;
    private int maxPanicReplicas;

    /**
     * An autoscaler for a revision that appeared at {@code createdAt}.
     *
     * <p>The creation time counts as the last demand, so a new revision's first replica gets the grace period
     * before it may scale to zero.
     */
    public Autoscaler(ScalingPolicy policy, Instant createdAt) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.lastDemand = Objects.requireNonNull(createdAt, "createdAt");
        this.concurrency = new WindowedAverage(policy.stableWindow());
        this.backlog = new WindowedAverage(policy.stableWindow());
    }

    /** The policy this autoscaler follows. */
    public ScalingPolicy policy() {
        return policy;
    }

    /**
     * Records the revision's concurrency at {@code now}: requests in flight plus queued (held by the activator
     * included). Pass the peak since the previous sample rather than an instantaneous reading, so a short request
     * between two samples still counts as demand.
     *
     * @throws IllegalArgumentException when {@code concurrency} is negative or not a number
     */
    public synchronized void record(Instant now, double concurrency) {
        if (!(concurrency >= 0)) {
            throw new IllegalArgumentException("concurrency must be a non-negative number, got " + concurrency);
        }
        this.concurrency.record(now, concurrency);
        noteDemand(now, concurrency > 0);
    }

    /**
     * Records the messages waiting for the revision's event consumer at {@code now} (for JetStream: the
     * consumer's pending plus ack-pending). Each message counts as one queued request. When the consumer delivers
     * through the gateway, messages being processed are already in the concurrency samples: pass only the pending
     * ones then, not to count them twice.
     *
     * @throws IllegalArgumentException when {@code messages} is negative
     */
    public synchronized void recordBacklog(Instant now, long messages) {
        if (messages < 0) {
            throw new IllegalArgumentException("backlog must not be negative, got " + messages);
        }
        backlog.record(now, messages);
        noteDemand(now, messages > 0);
    }

    /** When demand was last seen (a positive sample of either series), or the creation time if never. */
    public synchronized Instant lastDemand() {
        return lastDemand;
    }

    /**
     * Decides how many replicas the revision should have at {@code now}, given that it has
     * {@code currentReplicas} (ready or starting). Call it on every scaling tick and at once when demand arrives
     * for a revision at zero; panic mode's memory advances only through these calls.
     *
     * @throws IllegalArgumentException when {@code currentReplicas} is negative
     */
    public synchronized ScaleDecision decide(Instant now, int currentReplicas) {
        if (currentReplicas < 0) {
            throw new IllegalArgumentException("currentReplicas must not be negative, got " + currentReplicas);
        }
        double stableDemand = concurrency.average(now, policy.stableWindow()) + backlog.average(now, policy.stableWindow());
        double panicDemand = concurrency.average(now, policy.panicWindow()) + backlog.average(now, policy.panicWindow());

        // Rate limits count a revision at zero as one replica, so it may grow by the full up-rate at once.
        double ready = Math.max(1, currentReplicas);
        double maxUp = Math.ceil(policy.maxScaleUpRate() * ready);
        double maxDown = Math.floor(ready / policy.maxScaleDownRate());
        double stableWanted = Math.ceil(stableDemand / policy.targetPerReplica());
        double panicWanted = Math.ceil(panicDemand / policy.targetPerReplica());
        int stableReplicas = (int) clamp(stableWanted, maxDown, maxUp);
        int panicReplicas = (int) clamp(panicWanted, maxDown, maxUp);

        updatePanic(now, panicWanted / ready >= policy.panicThreshold());
        int desired = stableReplicas;
        if (panicSince != null) {
            // In a panic provision for the larger figure, and never give back what the panic asked for.
            desired = Math.max(desired, Math.max(panicReplicas, maxPanicReplicas));
            maxPanicReplicas = desired;
        }
        if (desired > 0) {
            desired = Math.max(desired, policy.activationScale());
        }
        desired = (int) clamp(desired, policy.minReplicas(), policy.maxReplicas());
        // A zero here already means the stable window saw no demand (any demand rounds up to one replica);
        // the grace period is the remaining condition for giving up the last replica.
        if (desired == 0 && currentReplicas > 0 && !gracePeriodOver(now)) {
            desired = 1;
        }
        return new ScaleDecision(desired, panicSince != null, stableDemand, panicDemand);
    }

    private void updatePanic(Instant now, boolean overThreshold) {
        if (overThreshold) {
            // Entering, or extending: the stable window must see the surge before the panic ends.
            panicSince = now;
        } else if (panicSince != null && now.isAfter(panicSince.plus(policy.stableWindow()))) {
            panicSince = null;
            maxPanicReplicas = 0;
        }
    }

    private boolean gracePeriodOver(Instant now) {
        return Duration.between(lastDemand, now).compareTo(policy.scaleToZeroGracePeriod()) >= 0;
    }

    private void noteDemand(Instant now, boolean positive) {
        if (positive && now.isAfter(lastDemand)) {
            lastDemand = now;
        }
    }

    private static double clamp(double value, double low, double high) {
        return Math.min(Math.max(value, low), high);
    }
}
