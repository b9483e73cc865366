package dev.quiver.runtime.async;

import io.nats.client.Connection;
import io.nats.client.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs stored requests: a durable pull consumer per function ({@link FunctionConsumers}, shared by every runtime,
 * explicit ack, its own in-flight limit) hands each to this worker, which marks it running, replays it through the
 * gateway, and then either records the answer and acknowledges it, or, when trying again may help, records the
 * error and asks the server to deliver it again after a doubling backoff, up to the configured attempts. A finished invocation's record is posted to its
 * callback before the message is acknowledged, so a runtime that stops in between delivers it on redelivery.
 *
 * <p>The delivery count is checked before each call: a request delivered after its last attempt (the runtime
 * stopped during it, or its finished record could not be saved) is recorded as failed without calling the function
 * again. The consumer's {@code maxDeliver} is the attempts plus {@value #FINISHING_DELIVERIES} deliveries that only
 * finish the record; the last of them terminates the message whatever happens, so nothing re-runs forever.
 */
public final class InvocationWorker implements AutoCloseable {

    /** Deliveries after the last attempt that only record the outcome (no call). */
    static final int FINISHING_DELIVERIES = 3;

    private static final Logger LOG = Logger.getLogger(InvocationWorker.class);

    private final InvocationStore store;
    private final HttpForwarder forwarder;
    private final CallbackSender callbacks;
    private final AsyncSettings settings;
    private final Clock clock;
    private final Set<Message> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService blocking;
    private final ScheduledExecutorService heartbeat;
    private final FunctionConsumers consumers;
    private final ScheduledExecutorService sync;
    private volatile boolean closed;
    private volatile AsyncMeters meters = AsyncMeters.NONE;

    /** A worker over the store whose functions' consumers go 10 minutes after their last request. */
    public InvocationWorker(InvocationStore store, HttpForwarder forwarder, CallbackSender callbacks, Clock clock) {
        this(store, forwarder, callbacks, clock, Duration.ofMinutes(10));
    }

    /**
     * A worker over the store; {@link #bind(Connection)} starts it.
     *
     * @param idleConsumers how long a function's consumer stays after its last request is done
     */
    public InvocationWorker(InvocationStore store, HttpForwarder forwarder, CallbackSender callbacks, Clock clock,
            Duration idleConsumers) {
        this.store = store;
        this.forwarder = forwarder;
        this.callbacks = callbacks;
        this.settings = store.settings();
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.blocking = Executors.newFixedThreadPool(4, runnable -> daemon(runnable, "quiver-async-" + threads.incrementAndGet()));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "quiver-async-heartbeat"));
        long period = Math.max(100, settings.ackWait().toMillis() / 3);
        heartbeat.scheduleAtFixedRate(this::stillWorking, period, period, TimeUnit.MILLISECONDS);
        // its own thread: JetStream API calls must not hold up the heartbeats
        this.sync = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "quiver-async-consumers"));
        this.consumers = new FunctionConsumers(settings, this::received, idleConsumers, sync);
    }

    /** (Re)binds the consumers on a connection; call it on every (re)connection, after the store's ensure. */
    public synchronized void bind(Connection connection) {
        if (closed) {
            return;
        }
        consumers.bind(connection);
        LOG.infof("asynchronous invocations: worker bound to %s (each function up to %d at a time)",
                InvocationStore.STREAM, settings.concurrency());
    }

    /** The functions whose requests this worker reads now. */
    public Set<String> consumedFunctions() {
        return consumers.functions();
    }

    private void received(Message message) {
        inFlight.add(message);
        try {
            blocking.execute(() -> start(message));
        } catch (RejectedExecutionException closing) {
            inFlight.remove(message); // the runtime stops: the server delivers it again after ackWait
        }
    }

    private void start(Message message) {
        StoredRequest request;
        try {
            request = InvocationStore.request(message.getData());
        } catch (RuntimeException malformed) {
            LOG.errorf("asynchronous invocations: dropping a message that is not a stored request: %s",
                    malformed.getMessage());
            message.term();
            inFlight.remove(message);
            return;
        }
        try {
            int attempt = (int) message.metaData().deliveredCount();
            InvocationRecord record = store.find(request.id()).orElseGet(() -> InvocationRecord.queued(request));
            if (record.finished()) {
                // delivered again after it finished: only the callback may still be owed
                complete(message, request, record);
                return;
            }
            if (attempt > settings.maxAttempts()) {
                giveUp(message, request, record);
                return;
            }
            InvocationRecord running = record.with(InvocationRecord.RUNNING, attempt, now(), record.response(),
                    record.error());
            store.save(running);
            forwarder.forward(request, attempt).whenCompleteAsync(
                    (answer, never) -> answered(message, request, running, attempt, answer), blocking);
        } catch (RuntimeException e) {
            retryLater(message, request, e);
        }
    }

    private void answered(Message message, StoredRequest request, InvocationRecord running, int attempt,
            HttpForwarder.Answer answer) {
        try {
            InvocationRecord.Response response = Responses.of(answer);
            if (answer.succeeded()) {
                complete(message, request, running.with(InvocationRecord.SUCCEEDED, attempt, now(), response, null));
            } else if (answer.retryable() && attempt < settings.maxAttempts()) {
                store.save(running.with(InvocationRecord.QUEUED, attempt, now(), response, answer.error()));
                message.nakWithDelay(settings.backoff(attempt));
                inFlight.remove(message);
            } else {
                String error = answer.retryable()
                        ? answer.error() + " (gave up after " + attempt + " attempts)" : answer.error();
                complete(message, request, running.with(InvocationRecord.FAILED, attempt, now(), response, error));
            }
        } catch (RuntimeException e) {
            noteUnrecorded(running, attempt, e);
            retryLater(message, request, e);
        }
    }

    /**
     * Records as failed a request whose attempts were all made but whose outcome was never recorded; the function
     * is not called again (it may have done its work already).
     */
    private void giveUp(Message message, StoredRequest request, InvocationRecord record) {
        String why = record.error() != null ? record.error() : "the outcome of the last attempt was never recorded";
        LOG.warnf("asynchronous invocation %s of %s: delivered after its %d attempts; recorded as failed: %s",
                request.id(), request.function(), settings.maxAttempts(), why);
        complete(message, request, record.with(InvocationRecord.FAILED, record.attempts(), now(), record.response(),
                "gave up after " + settings.maxAttempts() + " attempts: " + why));
    }

    /** Best effort: says in the record why the answer is missing, for the record that {@link #giveUp} writes. */
    private void noteUnrecorded(InvocationRecord running, int attempt, RuntimeException cause) {
        try {
            store.save(running.with(InvocationRecord.QUEUED, attempt, now(), null,
                    "the answer could not be recorded: " + cause.getMessage()));
        } catch (RuntimeException alsoFailed) {
            LOG.debugf("cannot note why invocation %s has no answer: %s", running.id(), alsoFailed.getMessage());
        }
    }

    /** The consumer's {@code maxDeliver}: every attempt, and a few deliveries that can only finish the record. */
    static long maxDeliveries(AsyncSettings settings) {
        return (long) settings.maxAttempts() + FINISHING_DELIVERIES;
    }

    /** Counts finished invocations in these meters. */
    public void meters(AsyncMeters meters) {
        this.meters = meters;
        meters.worker(this::inFlight);
    }

    /** Saves a finished record, delivers the callback when one is owed, then acknowledges the message. */
    private void complete(Message message, StoredRequest request, InvocationRecord record) {
        store.save(record);
        meters.count(record.namespace(), record.function(), record.status());
        InvocationRecord.Callback owed = record.callback();
        if (request.callbackUrl() == null || owed == null || !InvocationRecord.Callback.PENDING.equals(owed.state())) {
            acknowledge(message);
            return;
        }
        callbacks.deliver(request.callbackUrl(), record).whenCompleteAsync((outcome, never) -> {
            try {
                if (InvocationRecord.Callback.FAILED.equals(outcome.state())) {
                    LOG.warnf("asynchronous invocation %s of %s: the callback failed: %s", record.id(),
                            record.function(), outcome.error());
                }
                store.save(record.withCallback(outcome, now()));
                acknowledge(message);
            } catch (RuntimeException e) {
                retryLater(message, request, e);
            }
        }, blocking);
    }

    private void acknowledge(Message message) {
        message.ack();
        inFlight.remove(message);
    }

    private void retryLater(Message message, StoredRequest request, RuntimeException cause) {
        if (deliveries(message) >= maxDeliveries(settings)) {
            LOG.errorf("asynchronous invocation %s of %s: %s; giving up after %d deliveries, its record stays as it"
                    + " is", request.id(), request.function(), cause.getMessage(), maxDeliveries(settings));
            try {
                message.term();
            } catch (RuntimeException unreachable) {
                // NATS is away: the server has no delivery left for it anyway
            }
            inFlight.remove(message);
            return;
        }
        LOG.warnf("asynchronous invocation %s of %s: %s; it is delivered again later", request.id(),
                request.function(), cause.getMessage());
        try {
            message.nakWithDelay(settings.backoff(1));
        } catch (RuntimeException unreachable) {
            // NATS is away: the server delivers it again after ackWait
        }
        inFlight.remove(message);
    }

    private static long deliveries(Message message) {
        try {
            return message.metaData().deliveredCount();
        } catch (RuntimeException notJetStream) {
            return 1;
        }
    }

    /** Tells the server the invocations in hand are still being worked on, so that ackWait does not expire. */
    private void stillWorking() {
        for (Message message : inFlight) {
            try {
                message.inProgress();
            } catch (RuntimeException e) {
                LOG.debugf("cannot extend the ack wait of an invocation: %s", e.getMessage());
            }
        }
    }

    /** How many invocations this worker has in hand. */
    public int inFlight() {
        return inFlight.size();
    }

    private String now() {
        return Instant.now(clock).toString();
    }

    /** Stops taking invocations; those in hand are delivered again by the server after ackWait. */
    @Override
    public synchronized void close() {
        closed = true;
        sync.shutdownNow();
        consumers.close();
        heartbeat.shutdownNow();
        blocking.shutdownNow();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
