package dev.quiver.runtime.events;

import dev.quiver.runtime.events.plan.DeadLetter;
import dev.quiver.runtime.events.plan.EventMapping;
import dev.quiver.runtime.events.plan.JetStreamBinding;
import dev.quiver.runtime.events.plan.MalformedEventException;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.invoke.Invoker;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.ConsumerInfo;
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
 * 408/429 or a malformed message goes to the dead-letter subject (published with JetStream, the PubAck awaited)
 * and only then is the original acked. While a call runs, the ack wait is extended ({@code inProgress}).
 */
final class JetStreamConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JetStreamConsumer.class);
    private static final int MAX_BATCH = 500;

    private final JetStreamBinding binding;
    private final Connection connection;
    private final Invoker invoker;
    private final TriggerCounters counters = new TriggerCounters();
    /** Messages being invoked, with when their ack wait was last extended (nanos). */
    private final Map<Message, Long> inFlight = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> progress;
    private MessageConsumer consumer;
    private volatile boolean rebind = true;
    private volatile boolean closed;
    private volatile String failure;
    private volatile long pending;
    private volatile long ackPending;

    JetStreamConsumer(JetStreamBinding binding, Connection connection, Invoker invoker, ScheduledExecutorService timers) {
        this.binding = binding;
        this.connection = connection;
        this.invoker = invoker;
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
            JetStreamSetup.ensure(connection.jetStreamManagement(), binding);
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
                LOG.debugf("%s: cannot settle stream sequence %d: %s", binding.durable(), sequence, e.getMessage());
            } finally {
                inFlight.remove(message);
            }
        });
    }

    private void settle(Message message, long attempt, long sequence, InvocationResult result) {
        if (result.succeeded()) {
            message.ack();
            return;
        }
        counters.failed.incrementAndGet();
        if (!result.retryable() || binding.lastAttempt(attempt)) {
            deadLetter(message, attempt, sequence, result.revision(), result.status(), result.error());
        } else {
            LOG.debugf("%s: stream sequence %d failed (attempt %d of %d), retrying in %s: %s", binding.durable(),
                    sequence, attempt, binding.maxDeliver(), binding.backoffAfter(attempt), result.error());
            message.nakWithDelay(binding.backoffAfter(attempt));
        }
    }

    private void deadLetter(Message message, long attempt, long sequence, String revision, int status, String error) {
        Map<String, String> reason = DeadLetter.headers(binding, message.getSubject(), sequence, attempt, revision,
                status, error);
        NatsMessage letter = NatsMessage.builder().subject(binding.deadLetterSubject())
                .headers(NatsHeaders.with(message, reason)).data(message.getData()).build();
        inFlight.putIfAbsent(message, System.nanoTime());
        try {
            connection.jetStream().publishAsync(letter).whenComplete((ack, error2) -> {
                inFlight.remove(message);
                if (error2 == null) {
                    deadLettered(message, sequence, error);
                } else if (noStream(error2)) {
                    // No stream keeps that subject: core NATS subscribers still get it.
                    connection.publish(letter);
                    deadLettered(message, sequence, error);
                } else {
                    LOG.warnf("%s: cannot dead-letter stream sequence %d (%s); it comes back later",
                            binding.durable(), sequence, error2.getMessage());
                    message.nakWithDelay(binding.backoffAfter(attempt));
                }
            });
        } catch (Exception e) {
            inFlight.remove(message);
            LOG.warnf("%s: cannot dead-letter stream sequence %d (%s); it comes back later", binding.durable(),
                    sequence, e.getMessage());
        }
    }

    private void deadLettered(Message message, long sequence, String error) {
        message.ack();
        counters.deadLettered.incrementAndGet();
        LOG.warnf("%s/%s: stream %s sequence %d went to %s: %s", binding.namespace(), binding.function(),
                binding.stream(), sequence, binding.deadLetterSubject(), error);
    }

    private static boolean noStream(Throwable error) {
        String text = String.valueOf(error.getMessage());
        return text.contains("503") || text.toLowerCase(java.util.Locale.ROOT).contains("no responders");
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
