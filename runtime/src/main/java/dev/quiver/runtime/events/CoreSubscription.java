package dev.quiver.runtime.events;

import dev.quiver.api.ApiJson;
import dev.quiver.runtime.events.plan.CoreTrigger;
import dev.quiver.runtime.events.plan.EventMapping;
import dev.quiver.runtime.events.plan.MalformedEventException;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.invoke.Invoker;
import dev.quiver.runtime.tracing.Tracing;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;

/**
 * One core NATS trigger: a queue-group subscription whose messages invoke the function (at most once). When a
 * message has a reply subject, the function's answer is published there, with {@code Quiver-Status} (and
 * {@code Quiver-Error} on failure) headers. jnats re-subscribes by itself after a reconnection.
 */
final class CoreSubscription implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CoreSubscription.class);
    /** Header of a reply: the function's HTTP status (0 when none answered). */
    static final String STATUS_HEADER = "Quiver-Status";
    /** Header of a reply: why the call failed. */
    static final String ERROR_HEADER = "Quiver-Error";
    /** Messages invoked at once per subscription; beyond it the dispatcher waits, and NATS buffers. */
    private static final int MAX_IN_FLIGHT = 1000;

    private final CoreTrigger trigger;
    private final Invoker invoker;
    private final TriggerCounters counters = new TriggerCounters();

    /** What this trigger has done; read by its meters. */
    TriggerCounters counters() {
        return counters;
    }
    private final Semaphore permits = new Semaphore(MAX_IN_FLIGHT);
    private Connection connection;
    private Dispatcher dispatcher;
    private volatile String failure;

    CoreSubscription(CoreTrigger trigger, Invoker invoker) {
        this.trigger = trigger;
        this.invoker = invoker;
    }

    CoreTrigger trigger() {
        return trigger;
    }

    /** Subscribes on the connection unless already subscribed. */
    synchronized void bind(Connection connection) {
        if (dispatcher != null) {
            return;
        }
        try {
            this.connection = connection;
            dispatcher = connection.createDispatcher(this::onMessage);
            dispatcher.subscribe(trigger.subject(), trigger.queueGroup());
            // Active means the server has the subscription: a message published after that reaches it.
            connection.flush(Duration.ofSeconds(5));
            failure = null;
            LOG.infof("%s/%s: subscribed to %s (queue group %s)", trigger.namespace(), trigger.function(),
                    trigger.subject(), trigger.queueGroup());
        } catch (RuntimeException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (dispatcher != null) {
                connection.closeDispatcher(dispatcher);
            }
            dispatcher = null;
            failure = "cannot subscribe to " + trigger.subject() + ": " + e.getMessage();
            LOG.warnf("%s/%s: %s", trigger.namespace(), trigger.function(), failure);
        }
    }

    private void onMessage(Message message) throws InterruptedException {
        counters.delivered.incrementAndGet();
        Invocation invocation;
        try {
            invocation = EventMapping.core(trigger, message.getSubject(), NatsHeaders.of(message), message.getData());
        } catch (MalformedEventException e) {
            counters.failed.incrementAndGet();
            LOG.warnf("%s/%s: dropped a malformed message on %s: %s", trigger.namespace(), trigger.function(),
                    message.getSubject(), e.getMessage());
            reply(message, InvocationResult.failed(e.getMessage(), Duration.ZERO), 400);
            return;
        }
        permits.acquire();
        counters.inFlight.incrementAndGet();
        invoker.invoke(invocation).whenComplete((result, error) -> {
            counters.inFlight.decrementAndGet();
            permits.release();
            InvocationResult outcome = result != null ? result
                    : InvocationResult.failed(String.valueOf(error), Duration.ZERO);
            if (!outcome.succeeded()) {
                counters.failed.incrementAndGet();
                LOG.debugf("%s/%s: a message on %s failed: %s", trigger.namespace(), trigger.function(),
                        message.getSubject(), outcome.error());
            }
            reply(message, outcome, outcome.status());
        });
    }

    private void reply(Message message, InvocationResult result, int status) {
        String replyTo = message.getReplyTo();
        if (replyTo == null || replyTo.isEmpty()) {
            return;
        }
        Headers headers = new Headers();
        headers.put(STATUS_HEADER, String.valueOf(status));
        // the reply belongs to the request's trace, as dead letters do (they keep every header of the original)
        copyTraceContext(message, headers);
        byte[] body = result.body();
        if (result.contentType() != null) {
            headers.put("Content-Type", result.contentType());
        }
        if (result.revision() != null) {
            headers.put("Quiver-Revision", result.revision());
        }
        if (!result.succeeded() && result.error() != null) {
            headers.put(ERROR_HEADER, result.error().replaceAll("[\\r\\n]+", " "));
            if (body.length == 0) {
                headers.put("Content-Type", "application/json");
                body = ApiJson.toJson(Map.of("error", "InvocationFailed", "message", result.error()))
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        try {
            message.getConnection().publish(replyTo, headers, body);
        } catch (RuntimeException e) {
            LOG.warnf("%s/%s: cannot reply on %s: %s", trigger.namespace(), trigger.function(), replyTo, e.getMessage());
        }
    }

    private static void copyTraceContext(Message message, Headers into) {
        Headers original = message.getHeaders();
        if (original == null) {
            return;
        }
        for (String name : new String[] {Tracing.TRACEPARENT, Tracing.TRACESTATE}) {
            String value = original.getFirst(name);
            if (value != null) {
                into.put(name, value);
            }
        }
    }

    /** What the admin API shows. */
    TriggerStatus status(boolean connected) {
        String state;
        String message = failure;
        if (failure != null) {
            state = TriggerStatus.FAILED;
        } else if (dispatcher == null || !connected) {
            state = TriggerStatus.WAITING;
            message = "waiting for the NATS connection";
        } else {
            state = TriggerStatus.ACTIVE;
        }
        return new TriggerStatus("nats", trigger.subject(), trigger.queueGroup(), null, null, state, message,
                counters.delivered.get(), null, null, null, null, counters.failed.get());
    }

    /** Unsubscribes; messages being invoked still finish (and are answered). */
    @Override
    public synchronized void close() {
        if (dispatcher != null && connection != null) {
            try {
                connection.closeDispatcher(dispatcher);
            } catch (RuntimeException e) {
                LOG.debugf("closing the dispatcher of %s: %s", trigger.subject(), e.getMessage());
            }
        }
        dispatcher = null;
    }
}
