package dev.quiver.runtime.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.gateway.RevisionSnapshot;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/v1/metrics}: the gateway's cumulative counters per revision and the triggers' counts, as read now.
 * The UI takes rates and percentiles from the difference of two reads. On a cluster they are this replica's.
 */
final class MetricsJson {

    private MetricsJson() {
    }

    /**
     * The metrics body.
     *
     * @param time      epoch millis of the read
     * @param revisions the gateway's snapshots
     * @param source    whose functions' triggers are listed
     */
    static ObjectNode of(long time, List<RevisionSnapshot> revisions, DashboardSource source) {
        ObjectNode body = ApiJson.json().createObjectNode();
        body.put("time", time);
        ArrayNode bounds = body.putArray("bucketBounds");
        for (double bound : RevisionSnapshot.bucketBounds()) {
            bounds.add(bound);
        }
        ArrayNode items = body.putArray("revisions");
        revisions.stream().sorted(Comparator.comparing((RevisionSnapshot s) -> s.revision().namespace())
                .thenComparing(s -> s.revision().function()).thenComparing(s -> s.revision().revision()))
                .forEach(snapshot -> revision(items.addObject(), snapshot));
        ArrayNode triggers = body.putArray("triggers");
        for (Function function : source.functions()) {
            String namespace = function.getMetadata().getNamespace() == null ? source.defaultNamespace()
                    : function.getMetadata().getNamespace();
            String name = function.getMetadata().getName();
            for (TriggerStatus status : source.triggers(namespace, name)) {
                ObjectNode item = triggers.addObject();
                item.put("namespace", namespace);
                item.put("function", name);
                item.put("kind", status.kind());
                item.put("subject", status.subject());
                item.put("state", status.state());
                item.put("pending", orZero(status.pending()));
                item.put("deadLetters", orZero(status.deadLettered()));
                item.put("delivered", orZero(status.delivered()));
                item.put("failed", orZero(status.failed()));
                item.put("redelivered", orZero(status.redelivered()));
                item.put("ackPending", orZero(status.ackPending()));
            }
        }
        return body;
    }

    private static void revision(ObjectNode item, RevisionSnapshot snapshot) {
        item.put("namespace", snapshot.revision().namespace());
        item.put("function", snapshot.revision().function());
        item.put("revision", snapshot.revision().revision());
        item.put("requests", snapshot.requests());
        item.put("errors", snapshot.errors());
        item.put("timeouts", snapshot.timeouts());
        ArrayNode buckets = item.putArray("latencyBuckets");
        for (long count : snapshot.latencyBuckets()) {
            buckets.add(count);
        }
        item.put("coldStarts", snapshot.coldStarts());
        item.put("coldStartSeconds", snapshot.coldStartSeconds());
        item.put("readyReplicas", snapshot.readyReplicas());
        item.put("inFlight", snapshot.inFlight());
        item.put("queued", snapshot.queued());
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
