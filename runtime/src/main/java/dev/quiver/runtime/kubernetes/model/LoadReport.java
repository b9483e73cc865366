package dev.quiver.runtime.kubernetes.model;

import dev.quiver.runtime.platform.RevisionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The concurrency one runtime replica sees per revision, as it publishes it for the leader: a line
 * {@code namespace/function/revision=count} per revision with load, in an annotation of the replica's own Lease.
 * The leader adds up the fresh reports of every replica.
 *
 * @param concurrency per revision, only non-zero entries
 * @param renewed     when the replica last wrote it
 */
public record LoadReport(Map<RevisionRef, Integer> concurrency, Instant renewed) {

    /** The annotation that carries the encoded report. */
    public static final String ANNOTATION = "quiver.dev/load";
    /** The label marking the per-replica Leases that carry reports. */
    public static final String LABEL = "quiver.dev/runtime-load";

    /** Copies the map, leaving zeros out. */
    public LoadReport {
        Map<RevisionRef, Integer> copy = new HashMap<>();
        concurrency.forEach((ref, count) -> {
            if (count != null && count > 0) {
                copy.put(ref, count);
            }
        });
        concurrency = Map.copyOf(copy);
    }

    /** The report as the annotation's text, sorted so that an unchanged load writes the same text. */
    public String encode() {
        Map<String, Integer> sorted = new TreeMap<>();
        concurrency.forEach((ref, count) -> sorted.put(ref.namespace() + "/" + ref.function() + "/" + ref.revision(), count));
        StringBuilder text = new StringBuilder();
        sorted.forEach((key, count) -> text.append(key).append('=').append(count).append('\n'));
        return text.toString();
    }

    /** A report from the annotation's text; lines that do not parse are skipped (a newer replica may add fields). */
    public static LoadReport decode(String text, Instant renewed) {
        Map<RevisionRef, Integer> concurrency = new HashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int eq = line.lastIndexOf('=');
                String[] parts = eq < 0 ? new String[0] : line.substring(0, eq).split("/");
                if (parts.length != 3) {
                    continue;
                }
                try {
                    concurrency.merge(new RevisionRef(parts[0], parts[1], parts[2]),
                            Integer.parseInt(line.substring(eq + 1).trim()), Integer::sum);
                } catch (NumberFormatException e) {
                    // skipped, as documented
                }
            }
        }
        return new LoadReport(concurrency, renewed);
    }

    /**
     * The load of every replica added up per revision, leaving out reports older than {@code maxAge} (a replica
     * that stopped reporting is gone, or cut off: its requests fail or finish without it).
     */
    public static Map<RevisionRef, Integer> total(Collection<LoadReport> reports, Instant now, Duration maxAge) {
        Map<RevisionRef, Integer> total = new HashMap<>();
        for (LoadReport report : reports) {
            if (report.renewed() != null && !report.renewed().isBefore(now.minus(maxAge))) {
                report.concurrency().forEach((ref, count) -> total.merge(ref, count, Integer::sum));
            }
        }
        return total;
    }

    /**
     * The live runtime (gateway) replicas, sorted by name: those whose report is at most {@code maxAge} old, and
     * this one always. A replica's place in the list decides its share of each revision's containerConcurrency.
     *
     * @param renewedBy when each replica last wrote its report, by replica name
     * @param self      this replica's name
     */
    public static List<String> liveReplicas(Map<String, Instant> renewedBy, String self, Instant now,
            Duration maxAge) {
        TreeSet<String> live = new TreeSet<>();
        renewedBy.forEach((replica, renewed) -> {
            if (replica != null && renewed != null && !renewed.isBefore(now.minus(maxAge))) {
                live.add(replica);
            }
        });
        live.add(self);
        return List.copyOf(live);
    }
}
