package dev.quiver.runtime.kubernetes.model;

import dev.quiver.api.RevisionCounts;
import dev.quiver.api.rollout.LatencyBuckets;
import dev.quiver.runtime.platform.RevisionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * The rollout counts one runtime replica's gateway kept per revision (running totals since it started), as it
 * publishes them for the leader beside its {@link LoadReport}: an annotation {@value #ANNOTATION} on the replica's
 * own Lease, one line per revision of a Function with a rollout:
 * <pre>
 * shop/orders/orders-00002 requests=12 errors=1 timeouts=0 events=3 deadLetters=0 latency=0,4,8
 * </pre>
 * {@code latency} is the histogram of {@link LatencyBuckets}, per bucket, trailing empty buckets left out (the
 * field is absent when all are empty). The leader adds up the fresh reports of every replica per revision.
 *
 * @param counts  the totals per revision
 * @param renewed when the replica last wrote them (the Lease's renewTime)
 */
public record RolloutCountsReport(Map<RevisionRef, RevisionCounts> counts, Instant renewed) {

    /** The annotation of the per-replica Lease that carries the encoded counts. */
    public static final String ANNOTATION = "quiver.dev/rollout-counts";

    /** Copies the map. */
    public RolloutCountsReport {
        counts = Map.copyOf(counts);
    }

    /** The annotation's text, sorted, so that unchanged counts write the same text. */
    public String encode() {
        Map<String, RevisionCounts> sorted = new TreeMap<>();
        counts.forEach((ref, c) -> sorted.put(ref.namespace() + "/" + ref.function() + "/" + ref.revision(), c));
        StringBuilder text = new StringBuilder();
        sorted.forEach((key, c) -> {
            text.append(key).append(" requests=").append(c.requests).append(" errors=").append(c.errors)
                    .append(" timeouts=").append(c.timeouts).append(" events=").append(c.events)
                    .append(" deadLetters=").append(c.deadLetters);
            long[] buckets = c.buckets();
            int end = LatencyBuckets.trimmed(buckets).size();
            if (end > 0) {
                text.append(" latency=");
                for (int i = 0; i < end; i++) {
                    text.append(i == 0 ? "" : ",").append(buckets[i]);
                }
            }
            text.append('\n');
        });
        return text.toString();
    }

    /**
     * Counts from the annotation's text. A line that does not parse is skipped, and so is a field this version does
     * not know (a newer replica may add some).
     */
    public static RolloutCountsReport decode(String text, Instant renewed) {
        Map<RevisionRef, RevisionCounts> counts = new HashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                String[] fields = line.trim().split(" +");
                String[] name = fields[0].split("/");
                if (name.length != 3 || name[0].isEmpty() || name[1].isEmpty() || name[2].isEmpty()) {
                    continue;
                }
                try {
                    counts.merge(new RevisionRef(name[0], name[1], name[2]), parse(fields), RevisionCounts::plus);
                } catch (NumberFormatException e) {
                    // skipped, as documented
                }
            }
        }
        return new RolloutCountsReport(counts, renewed);
    }

    private static RevisionCounts parse(String[] fields) {
        long requests = 0;
        long errors = 0;
        long timeouts = 0;
        long events = 0;
        long deadLetters = 0;
        long[] buckets = new long[LatencyBuckets.COUNT];
        for (int i = 1; i < fields.length; i++) {
            int eq = fields[i].indexOf('=');
            String value = eq < 0 ? "" : fields[i].substring(eq + 1);
            switch (eq < 0 ? "" : fields[i].substring(0, eq)) {
                case "requests" -> requests = count(value);
                case "errors" -> errors = count(value);
                case "timeouts" -> timeouts = count(value);
                case "events" -> events = count(value);
                case "deadLetters" -> deadLetters = count(value);
                case "latency" -> {
                    String[] parts = value.split(",");
                    for (int b = 0; b < Math.min(parts.length, buckets.length); b++) {
                        buckets[b] = count(parts[b]);
                    }
                }
                default -> {
                    // a field of a newer version
                }
            }
        }
        return RevisionCounts.of(requests, errors, timeouts, events, deadLetters, buckets);
    }

    private static long count(String value) {
        long parsed = Long.parseLong(value.trim());
        if (parsed < 0) {
            throw new NumberFormatException("a count below zero: " + value);
        }
        return parsed;
    }

    /** Only the counts of the functions {@code wanted} accepts (by namespace and name): those with a rollout. */
    public static Map<RevisionRef, RevisionCounts> only(Map<RevisionRef, RevisionCounts> counts,
            BiPredicate<String, String> wanted) {
        Map<RevisionRef, RevisionCounts> kept = new HashMap<>();
        counts.forEach((ref, c) -> {
            if (wanted.test(ref.namespace(), ref.function())) {
                kept.put(ref, c);
            }
        });
        return kept;
    }

    /**
     * The counts of every replica added up per revision, leaving out reports older than {@code maxAge} (a replica
     * that stopped reporting is gone; its counts leave the totals, which a rollout takes for a restart).
     */
    public static Map<RevisionRef, RevisionCounts> total(Collection<RolloutCountsReport> reports, Instant now,
            Duration maxAge) {
        Map<RevisionRef, RevisionCounts> total = new HashMap<>();
        for (RolloutCountsReport report : reports) {
            if (report.renewed() != null && !report.renewed().isBefore(now.minus(maxAge))) {
                report.counts().forEach((ref, c) -> total.merge(ref, c, RevisionCounts::plus));
            }
        }
        return total;
    }

    /** One function's counts from the totals, by revision name. */
    public static Map<String, RevisionCounts> ofFunction(Map<RevisionRef, RevisionCounts> total, String namespace,
            String function) {
        Map<String, RevisionCounts> mine = new TreeMap<>();
        total.forEach((ref, c) -> {
            if (ref.namespace().equals(namespace) && ref.function().equals(function)) {
                mine.put(ref.revision(), c);
            }
        });
        return mine;
    }
}
