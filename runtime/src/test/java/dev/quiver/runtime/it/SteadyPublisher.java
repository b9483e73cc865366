package dev.quiver.runtime.it;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes events to a JetStream subject at a steady rate from a thread of its own, each with its id as
 * {@code Nats-Msg-Id}, as a careful producer does: an event counts as published once its PubAck came back, and a
 * publish that gets none (the server is down) is sent again with the same id until it does, so the stream's
 * duplicate window keeps one copy.
 */
final class SteadyPublisher implements AutoCloseable {

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private volatile boolean stop;
    private volatile Throwable failure;

    private SteadyPublisher(Connection nats, String subject, String prefix, int count, int perSecond) {
        JetStream js;
        try {
            js = nats.jetStream(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(2)).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        thread = new Thread(() -> {
            long next = System.nanoTime();
            for (int i = 0; i < count && !stop; i++) {
                String id = prefix + i;
                byte[] data = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                while (!stop && !acknowledged.contains(id)) {
                    try {
                        js.publish(subject, data, PublishOptions.builder().messageId(id).build());
                        acknowledged.add(id);
                    } catch (Exception noPubAck) {
                        pause(200_000_000L); // no PubAck (server down, or reconnecting): the same id again
                    } catch (Throwable t) {
                        failure = t;
                        return;
                    }
                }
                next += periodNanos;
                pause(next - System.nanoTime());
            }
        }, "steady-publisher-" + prefix);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts publishing {@code count} events with ids {@code prefix0..}, {@code perSecond} a second. */
    static SteadyPublisher start(Connection nats, String subject, String prefix, int count, int perSecond) {
        return new SteadyPublisher(nats, subject, prefix, count, perSecond);
    }

    /** Waits until every event was published (each acknowledged by the server) and returns their ids. */
    Set<String> awaitAll(Duration limit) throws InterruptedException {
        thread.join(limit.toMillis());
        if (failure != null) {
            throw new AssertionError("the publisher failed", failure);
        }
        if (thread.isAlive()) {
            throw new AssertionError("the publisher did not finish within " + limit + ": " + acknowledged.size()
                    + " published");
        }
        return Set.copyOf(acknowledged);
    }

    /** Seconds since the publisher started. */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** What the function's ledger shows of the events published: handled, lost and handled more than once. */
    record Tally(int published, int handled, int lost, int duplicates) {

        static Tally of(Set<String> published, Map<String, Integer> ledger) {
            int handled = 0;
            int duplicates = 0;
            for (String id : published) {
                int times = ledger.getOrDefault(id, 0);
                handled += times > 0 ? 1 : 0;
                duplicates += Math.max(0, times - 1);
            }
            return new Tally(published.size(), handled, published.size() - handled, duplicates);
        }
    }

    private static void pause(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop = true;
    }
}
