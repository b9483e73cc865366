package dev.quiver.runtime.async;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last asynchronous invocations this runtime wrote a record of, per function, newest first: what the dashboard
 * lists. The store (a key-value bucket keyed by id) cannot list one function's records without reading every key;
 * this memory can, for the invocations that passed through this replica (accepted or run here), in their latest
 * state. Bounded: {@value #PER_FUNCTION} per function.
 */
public final class RecentInvocations {

    /** Records kept per function. */
    public static final int PER_FUNCTION = 50;
    private static final String DEFAULT_NAMESPACE = "default";
    private static final String REVISION_HEADER = "x-quiver-revision";

    private final Map<String, LinkedHashMap<String, InvocationRecord>> byFunction = new HashMap<>();

    /** Keeps the record, replacing an earlier state of the same invocation in its place. */
    public synchronized void record(InvocationRecord record) {
        LinkedHashMap<String, InvocationRecord> records = byFunction.computeIfAbsent(
                key(record.namespace(), record.function()), key -> new LinkedHashMap<>());
        records.put(record.id(), record);
        if (records.size() > PER_FUNCTION) {
            records.remove(records.keySet().iterator().next());
        }
    }

    /** Forgets an invocation whose record was taken back (its request could not be stored). */
    public synchronized void forget(String id) {
        byFunction.values().forEach(records -> records.remove(id));
    }

    /** The function's kept records, the last accepted first. */
    public synchronized List<InvocationRecord> of(String namespace, String function) {
        LinkedHashMap<String, InvocationRecord> records = byFunction.get(key(namespace, function));
        if (records == null) {
            return List.of();
        }
        List<InvocationRecord> newestFirst = new ArrayList<>(records.values());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** The record as the dashboard shows it: id, state, revision (when answered), status, times, attempts, error. */
    public static Map<String, Object> toJson(InvocationRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", record.id());
        json.put("state", record.status());
        if (record.response() != null) {
            json.put("status", record.response().status());
            if (record.response().headers() != null) {
                record.response().headers().forEach((name, value) -> {
                    if (name.equalsIgnoreCase(REVISION_HEADER)) {
                        json.put("revision", value);
                    }
                });
            }
        }
        json.put("attempts", record.attempts());
        json.put("createdAt", record.createdAt());
        json.put("updatedAt", record.updatedAt());
        if (record.error() != null) {
            json.put("error", record.error());
        }
        return json;
    }

    private static String key(String namespace, String function) {
        // records of older runtimes carry no namespace: theirs is the default one
        return (namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace) + "/" + function;
    }
}
