package dev.quiver.runtime.async;

import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.MessageHandler;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One durable pull consumer per function ({@code quiver-async-<function>}, filtered on that function's subject,
 * shared by every runtime), so that each function has its own in-flight limit ({@code maxAckPending}, the
 * configured concurrency): a function that is slow or stuck holds only its own slots, never another's. The
 * consumers follow the stream: every {@link #SYNC_PERIOD} the subjects that hold requests are read, a consumer is
 * made for each that has none here, and a consumer whose subject stayed empty for the idle period is stopped and
 * deleted (a deleted function's consumer goes with its last request). One runtime deleting a consumer that another
 * still reads is harmless: the other makes it again as soon as a request waits on that subject.
 */
final class FunctionConsumers implements AutoCloseable {

    /** The prefix of the consumers' names. */
    static final String DURABLE_PREFIX = "quiver-async-";
    /** The single consumer of earlier versions, over every function: its filter overlaps every per-function one. */
    static final String LEGACY_DURABLE = "quiver-async-worker";
    /** How often the stream's subjects are read. */
    static final Duration SYNC_PERIOD = Duration.ofMillis(250);
    /** How often consumers in use are made again, in case another runtime deleted one meanwhile. */
    private static final long REENSURE_NANOS = Duration.ofSeconds(30).toNanos();

    private static final Logger LOG = Logger.getLogger(FunctionConsumers.class);
    private static final String SUBJECT_PREFIX = "quiver.invocations.";

    /** A consumer this runtime reads, and when its subject last held a request (System.nanoTime). */
    private static final class Bound {
        final MessageConsumer consumer;
        long busyAt;
        long ensuredAt;

        Bound(MessageConsumer consumer, long now) {
            this.consumer = consumer;
            this.busyAt = now;
            this.ensuredAt = now;
        }
    }

    private final AsyncSettings settings;
    private final MessageHandler handler;
    private final long idleNanos;
    private final Map<String, Bound> bound = new HashMap<>();
    private Connection connection;
    private boolean closed;

    /**
     * @param handler     gets every message of every function
     * @param idleRemoval how long a function's subject stays empty before its consumer is deleted
     * @param loop        runs the periodic sync
     */
    FunctionConsumers(AsyncSettings settings, MessageHandler handler, Duration idleRemoval,
            ScheduledExecutorService loop) {
        this.settings = settings;
        this.handler = handler;
        this.idleNanos = idleRemoval.toNanos();
        long period = SYNC_PERIOD.toMillis();
        loop.scheduleWithFixedDelay(this::sync, period, period, TimeUnit.MILLISECONDS);
    }

    /** (Re)binds on a connection: the consumers of the old one are stopped, those needed now made at once. */
    synchronized void bind(Connection latest) {
        if (closed) {
            return;
        }
        stopAll();
        connection = latest;
        removeLegacy(latest);
        sync();
    }

    /**
     * Deletes the shared consumer of earlier versions, whose filter overlaps every per-function one (a work-queue
     * stream refuses those while it exists); tried at bind and again whenever a consumer cannot be made, since a
     * runtime of the earlier version may make it again during a rolling upgrade.
     */
    private static void removeLegacy(Connection current) {
        try {
            current.jetStreamManagement().deleteConsumer(InvocationStore.STREAM, LEGACY_DURABLE);
            LOG.infof("asynchronous invocations: removed the shared consumer %s; each function has its own now",
                    LEGACY_DURABLE);
        } catch (JetStreamApiException | IOException | RuntimeException absent) {
            // none there: the usual case
        }
    }

    /** Makes the consumers of functions with waiting requests, and deletes those idle for long enough. */
    synchronized void sync() {
        Connection current = connection;
        if (closed || current == null || current.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        Map<String, Long> subjects;
        JetStreamManagement management;
        try {
            management = current.jetStreamManagement();
            subjects = management.getStreamInfo(InvocationStore.STREAM, StreamInfoOptions.allSubjects())
                    .getStreamState().getSubjectMap();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debugf("asynchronous invocations: cannot read the subjects of %s: %s", InvocationStore.STREAM,
                    e.getMessage());
            return;
        }
        long now = System.nanoTime();
        for (Map.Entry<String, Long> subject : subjects.entrySet()) {
            if (subject.getValue() <= 0 || !subject.getKey().startsWith(SUBJECT_PREFIX)) {
                continue;
            }
            String function = subject.getKey().substring(SUBJECT_PREFIX.length());
            Bound existing = bound.get(function);
            if (existing == null || existing.consumer.isFinished()) {
                start(current, function, existing, now);
            } else if (now - existing.ensuredAt > REENSURE_NANOS) {
                // the pulls go to the consumer by name: making it again is enough, the reader stays
                existing.busyAt = now;
                existing.ensuredAt = now;
                try {
                    ensure(current, function);
                } catch (IOException | JetStreamApiException | RuntimeException e) {
                    LOG.debugf("asynchronous invocations: cannot make the consumer of %s again: %s", function,
                            e.getMessage());
                }
            } else {
                existing.busyAt = now;
            }
        }
        bound.entrySet().removeIf(entry -> {
            Long waiting = subjects.get(SUBJECT_PREFIX + entry.getKey());
            if (waiting != null && waiting > 0 || now - entry.getValue().busyAt < idleNanos) {
                return false;
            }
            stop(entry.getValue().consumer);
            try {
                management.deleteConsumer(InvocationStore.STREAM, durable(entry.getKey()));
                LOG.debugf("asynchronous invocations: %s has no requests left; its consumer is deleted", entry.getKey());
            } catch (IOException | JetStreamApiException gone) {
                // another runtime deleted it first
            }
            return true;
        });
    }

    /** Creates the function's consumer on the server, or updates it to these settings. */
    private ConsumerContext ensure(Connection current, String function) throws IOException, JetStreamApiException {
        return current.getStreamContext(InvocationStore.STREAM).createOrUpdateConsumer(
                ConsumerConfiguration.builder()
                        .durable(durable(function))
                        .filterSubject(InvocationStore.subject(function))
                        .ackPolicy(AckPolicy.Explicit)
                        .deliverPolicy(DeliverPolicy.All)
                        .ackWait(settings.ackWait())
                        .maxDeliver(InvocationWorker.maxDeliveries(settings))
                        .maxAckPending(settings.concurrency())
                        .build());
    }

    private void start(Connection current, String function, Bound existing, long now) {
        try {
            MessageConsumer consumer = ensure(current, function).consume(
                    ConsumeOptions.builder().batchSize(Math.min(settings.concurrency(), 256)).build(), handler);
            if (existing != null) {
                stop(existing.consumer);
            }
            bound.put(function, new Bound(consumer, now));
            if (existing == null) {
                LOG.debugf("asynchronous invocations: consuming %s (up to %d at a time)", function,
                        settings.concurrency());
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.errorf("asynchronous invocations: cannot consume the requests of %s: %s; tried again shortly",
                    function, e.getMessage());
            if (e instanceof JetStreamApiException) {
                removeLegacy(current);
            }
        }
    }

    /**
     * The consumer's name: the function's name when it is a valid one, else its safe characters and a hash (a
     * subject may hold dots, which consumer names may not).
     */
    static String durable(String function) {
        String safe = function.replaceAll("[^A-Za-z0-9_-]", "_");
        if (safe.equals(function) && safe.length() <= 200) {
            return DURABLE_PREFIX + safe;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(function.getBytes(StandardCharsets.UTF_8));
            return DURABLE_PREFIX + safe.substring(0, Math.min(safe.length(), 100)) + "-"
                    + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The functions this runtime consumes now. */
    synchronized Set<String> functions() {
        return Set.copyOf(bound.keySet());
    }

    private void stopAll() {
        bound.values().forEach(entry -> stop(entry.consumer));
        bound.clear();
    }

    private static void stop(MessageConsumer consumer) {
        try {
            consumer.stop();
            consumer.close();
        } catch (Exception e) {
            LOG.debugf("closing a consumer: %s", e.getMessage());
        }
    }

    /** Stops reading; the server delivers what was in hand again after ackWait. */
    @Override
    public synchronized void close() {
        closed = true;
        stopAll();
    }
}
