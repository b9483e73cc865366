package dev.quiver.acceptance;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Many users of a sticky split, each sending its requests one after the other with its own cookie, the users
 * side by side on a few threads so that a thousand of them stay cheap: which revision each user landed on, and
 * every user whose request failed or was served by another revision than its first.
 *
 * @param perRevision how many users each revision served
 * @param problems    up to 20 users who failed or moved, with what happened
 */
record StickyUsers(Map<String, Integer> perRevision, List<String> problems) {

    /**
     * Sends {@code requests} requests for each of {@code users} users (0 to users - 1) from {@code threads} threads.
     *
     * @param request one request of a user, by the user's number
     */
    static StickyUsers visit(int users, int requests, int threads, IntFunction<HttpResponse<String>> request) {
        Map<Integer, String> landed = new ConcurrentHashMap<>();
        List<String> problems = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int user = 0; user < users; user++) {
            int id = user;
            pool.execute(() -> {
                String first = null;
                for (int i = 0; i < requests; i++) {
                    String problem;
                    try {
                        HttpResponse<String> response = request.apply(id);
                        String revision = Gateway.revision(response);
                        first = first == null ? revision : first;
                        problem = response.statusCode() != 200 ? response.statusCode() + ": " + response.body()
                                : revision.equals(first) ? null : "moved from " + first + " to " + revision;
                    } catch (RuntimeException e) {
                        problem = e.toString();
                    }
                    if (problem != null) {
                        synchronized (problems) {
                            if (problems.size() < 20) {
                                problems.add("user-" + id + ", request " + i + ": " + problem);
                            }
                        }
                        return;
                    }
                }
                landed.put(id, first);
            });
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                pool.shutdownNow();
                throw new AssertionError("the sticky users did not finish within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, Integer> perRevision = new TreeMap<>();
        landed.values().forEach(revision -> perRevision.merge(revision, 1, Integer::sum));
        synchronized (problems) {
            return new StickyUsers(perRevision, List.copyOf(problems));
        }
    }
}
