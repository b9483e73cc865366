package dev.quiver.runtime.events;

import dev.quiver.runtime.events.plan.DeadLetter;
import dev.quiver.runtime.events.plan.EventMapping;
import dev.quiver.runtime.events.plan.JetStreamBinding;
import dev.quiver.runtime.events.plan.MalformedEventException;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.gateway.RolloutCounters;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.invoke.Invoker;
import dev.quiver.runtime.platform.RevisionRef;
import io.nats.client.ConsumeOptions;
import dev.quiver.runtime.nats.StreamLimits;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One JetStream trigger: a durable pull consumer whose messages invoke the function, at least once. A 2xx acks the
 * message; a retryable failure naks it with the binding's backoff; a failure of the last attempt, a 4xx other than
 * 408/429 or a malformed message goes to the dead-letter subject and only then is the original settled: acked when
 * a stream stored the dead letter, terminated when no stream keeps that subject (see {@link DeadLetterPublisher}).
 * While a call runs, the ack wait is extended ({@code inProgress}).
 *
 * <p>The attempt number (the delivery count) is checked before the function is called: a message delivered more
 * than {@code maxDeliver} times (its last attempt was cut short, or its dead letter failed) is dead-lettered
 * without another call. The server stops redelivering a few deliveries later ({@link JetStreamSetup}), so nothing
 * loops forever.
 */
final class JetStreamConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JetStreamConsumer.class);
    private static final int MAX_BATCH = 500;
    /** JetStream's de-duplication header. */
    private static final String MSG_ID = "Nats-Msg-Id";

    private final JetStreamBinding binding;
    private final Connection connection;
    private final Invoker invoker;
    private final DeadLetterPublisher deadLetters;
    private final StreamLimits streamLimits;
    private final TriggerCounters counters = new TriggerCounters();

    /** What this trigger has done; read by its meters. */
    TriggerCounters counters() {
        return counters;
    }
    /** Where events that ended (acked or dead-lettered) are counted per revision, for rollouts. */
    private final RolloutCounters rolloutCounters;
    /** Messages being invoked, with when their ack wait was last extended (nanos). */
    private final Map<Message, Long> inFlight = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> progress;
    private MessageConsumer consumer;
    private volatile boolean rebind = true;
    private volatile boolean closed;
    private volatile String failure;
    private volatile long pending;
    private volatile long ackPending;

    JetStreamConsumer(JetStreamBinding binding, Connection connection, Invoker invoker, ScheduledExecutorService timers,
            StreamLimits streamLimits, RolloutCounters rolloutCounters) {
        this.binding = binding;
        this.rolloutCounters = rolloutCounters;
        this.streamLimits = streamLimits;
        this.connection = connection;
        this.invoker = invoker;
        this.deadLetters = new DeadLetterPublisher(connection, timers, binding.durable());
        long period = Math.max(100, binding.ackWait().toMillis() / 3);
        this.progress = timers.scheduleAtFixedRate(this::extendAckWait, period, period, TimeUnit.MILLISECONDS);
    }

    JetStreamBinding binding() {
        return binding;
    }

    /** Asks for the consumer to be made again (after a reconnection: the server may have lost it). */
    void reconnected() {
        rebind = true;
    }

    /** Binds when needed (first time, after a reconnection or a failure); called by the manager's tick. */
    synchronized void maintain() {
        if (closed || !rebind || connection.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        try {
            JetStreamSetup.ensure(connection.jetStreamManagement(), binding, streamLimits);
            stopConsumer();
            consumer = connection.getConsumerContext(binding.stream(), binding.durable()).consume(
                    ConsumeOptions.builder().batchSize(Math.min(MAX_BATCH, binding.maxAckPending())).build(),
                    this::onMessage);
            rebind = false;
            failure = null;
            LOG.infof("%s/%s: consuming %s from stream %s as %s", binding.namespace(), binding.function(),
                    binding.subject(), binding.stream(), binding.durable());
        } catch (JetStreamSetup.BindingException e) {
            fail(e.getMessage());
        } catch (Exception e) {
            fail("cannot bind consumer " + binding.durable() + " on stream " + binding.stream() + ": " + e.getMessage());
        }
    }

    private void fail(String message) {
        if (!message.equals(failure)) {
            LOG.warnf("%s/%s: %s; trying again", binding.namespace(), binding.function(), message);
        }
        failure = message;
    }

    /** Reads the consumer's pending and ack-pending counts; called by the manager's tick. */
    void refreshLag() {
        if (closed || rebind || connection.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        try {
            ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo(binding.stream(), binding.durable());
            pending = info.getNumPending();
            ackPending = info.getNumAckPending();
        } catch (Exception e) {
            LOG.debugf("%s: no consumer info: %s", binding.durable(), e.getMessage());
        }
    }

    /** Waiting messages not being invoked now, as of the last refresh. */
    long backlog() {
        return Math.max(0, pending + ackPending - inFlight.size());
    }

    private void onMessage(Message message) {
        NatsJetStreamMetaData meta = message.metaData();
        long attempt = meta.deliveredCount();
        long sequence = meta.streamSequence();
        counters.delivered.incrementAndGet();
        if (attempt > 1) {
            counters.redelivered.incrementAndGet();
        }
        if (attempt > binding.maxDeliver()) {
            // Its last attempt was never settled (the runtime stopped during it, or its dead letter failed): the
            // function has had every attempt it is allowed, so the message goes to the dead-letter subject uncalled.
            deadLetter(message, attempt, sequence, null, 0, "gave up after " + binding.maxDeliver()
                    + " attempts: delivery " + attempt + " came back unsettled");
            return;
        }
        Invocation invocation;
        try {
            invocation = EventMapping.jetstream(binding, message.getSubject(), sequence, attempt,
                    NatsHeaders.of(message), message.getData());
        } catch (MalformedEventException e) {
            counters.failed.incrementAndGet();
            deadLetter(message, attempt, sequence, null, 400, "malformed event: " + e.getMessage());
            return;
        }
        inFlight.put(message, System.nanoTime());
        invoker.invoke(invocation).whenComplete((result, error) -> {
            InvocationResult outcome = result != null ? result : InvocationResult.failed(String.valueOf(error), Duration.ZERO);
            try {
                settle(message, attempt, sequence, outcome);
            } catch (RuntimeException e) {
                // The connection is down: the message stays unacknowledged and comes back after the ack wait.
                inFlight.remove(message);
                LOG.debugf("%s: cannot settle stream sequence %d: %s", binding.durable(), sequence, e.getMessage());
            }
        });
    }

    /** Acks, naks or dead-letters the message; the dead letter keeps it in flight until it is confirmed. */
    private void settle(Message message, long attempt, long sequence, InvocationResult result) {
        if (!result.succeeded()) {
            counters.failed.incrementAndGet();
            if (!result.retryable() || binding.lastAttempt(attempt)) {
                deadLetter(message, attempt, sequence, result.revision(), result.status(), result.error());
                return;
            }
        }
        try {
            if (result.succeeded()) {
                message.ack();
                countEvent(result.revision(), false);
            } else {
                LOG.debugf("%s: stream sequence %d failed (attempt %d of %d), retrying in %s: %s", binding.durable(),
                        sequence, attempt, binding.maxDeliver(), binding.backoffAfter(attempt), result.error());
                message.nakWithDelay(binding.backoffAfter(attempt));
            }
        } finally {
            inFlight.remove(message);
        }
    }

    private void deadLetter(Message message, long attempt, long sequence, String revision, int status, String error) {
        Map<String, String> reason = DeadLetter.headers(binding, message.getSubject(), sequence, attempt, revision,
                status, error);
        Headers headers = NatsHeaders.with(message, reason);
        // A stream keeping the dead letters drops a second copy of one that was stored but whose PubAck was lost.
        headers.put(MSG_ID, "quiver-dlq:" + binding.durable() + ":" + sequence);
        NatsMessage letter = NatsMessage.builder().subject(binding.deadLetterSubject()).headers(headers)
                .data(message.getData()).build();
        // Still in flight (its ack wait extended) until the dead letter is confirmed and the original settled.
        inFlight.putIfAbsent(message, System.nanoTime());
        deadLetters.publish(letter).whenComplete((outcome, failure) -> {
            try {
                if (failure != null) {
                    LOG.warnf("%s: cannot dead-letter stream sequence %d (%s); it comes back later",
                            binding.durable(), sequence, failure.getMessage());
                    message.nakWithDelay(binding.backoffAfter(attempt));
                } else {
                    deadLettered(message, sequence, error, outcome);
                    countEvent(revision, true);
                }
            } catch (RuntimeException e) {
                // The connection is down: the message comes back after the ack wait and is dead-lettered then.
                LOG.debugf("%s: cannot settle stream sequence %d: %s", binding.durable(), sequence, e.getMessage());
            } finally {
                inFlight.remove(message);
            }
        });
    }

    private void deadLettered(Message message, long sequence, String error, DeadLetterPublisher.Outcome outcome) {
        if (outcome == DeadLetterPublisher.Outcome.STORED) {
            message.ack();
        } else {
            // No stream keeps it: never deliver the original again, or it would loop (see DeadLetterPublisher).
            message.term();
        }
        counters.deadLettered.incrementAndGet();
        LOG.warnf("%s/%s: stream %s sequence %d went to %s: %s", binding.namespace(), binding.function(),
                binding.stream(), sequence, binding.deadLetterSubject(), error);
    }

    /** Counts an event that ended for the revision that handled it; one no revision handled counts for none. */
    private void countEvent(String revision, boolean deadLettered) {
        if (revision != null) {
            rolloutCounters.event(new RevisionRef(binding.namespace(), binding.function(), revision), deadLettered);
        }
    }

    private void extendAckWait() {
        long threshold = binding.ackWait().toNanos() / 3;
        long now = System.nanoTime();
        inFlight.forEach((message, since) -> {
            if (now - since >= threshold) {
                try {
                    message.inProgress();
                    inFlight.replace(message, since, now);
                } catch (RuntimeException e) {
                    LOG.debugf("%s: cannot extend the ack wait: %s", binding.durable(), e.getMessage());
                }
            }
        });
    }

    /** What the admin API shows. */
    TriggerStatus status() {
        String state;
        String message = failure;
        if (failure != null) {
            state = TriggerStatus.FAILED;
        } else if (rebind || connection.getStatus() != Connection.Status.CONNECTED) {
            state = TriggerStatus.WAITING;
            message = "waiting for the NATS connection";
        } else {
            state = TriggerStatus.ACTIVE;
        }
        return new TriggerStatus("jetstream", binding.subject(), null, binding.stream(), binding.durable(), state,
                message, counters.delivered.get(), pending, ackPending, counters.redelivered.get(),
                counters.deadLettered.get(), counters.failed.get());
    }

    private void stopConsumer() {
        if (consumer != null) {
            try {
                consumer.stop();
            } catch (RuntimeException e) {
                LOG.debugf("stopping %s: %s", binding.durable(), e.getMessage());
            }
            consumer = null;
        }
    }

    /** Stops pulling; calls in flight still settle. The durable consumer stays on the server. */
    @Override
    public synchronized void close() {
        closed = true;
        progress.cancel(false);
        stopConsumer();
    }
}
