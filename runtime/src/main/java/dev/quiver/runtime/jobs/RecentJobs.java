package dev.quiver.runtime.jobs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The last {@value #KEPT} job results of each function, newest first. Thread-safe. */
public final class RecentJobs {

    /** Results kept per function. */
    public static final int KEPT = 50;

    private final Map<String, Deque<JobRecord>> byFunction = new ConcurrentHashMap<>();

    /** Records a result of the function ({@code namespace/name}). */
    public void add(String function, JobRecord record) {
        Deque<JobRecord> records = byFunction.computeIfAbsent(function, key -> new ArrayDeque<>());
        synchronized (records) {
            records.addFirst(record);
            while (records.size() > KEPT) {
                records.removeLast();
            }
        }
    }

    /** The function's recent results, newest first (a copy). */
    public List<JobRecord> of(String function) {
        Deque<JobRecord> records = byFunction.get(function);
        if (records == null) {
            return List.of();
        }
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }
}
