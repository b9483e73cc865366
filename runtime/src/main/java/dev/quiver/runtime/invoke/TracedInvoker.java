package dev.quiver.runtime.invoke;

import dev.quiver.runtime.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.CompletionStage;

/**
 * Makes each event's call a consumer span: a child of the trace context its message carried ({@code traceparent},
 * {@code tracestate}, which {@link dev.quiver.runtime.events.plan.EventMapping} keeps in the invocation's headers)
 * or the root of a new trace (a schedule, a message without one), and sends the function that span's context, so
 * the gateway's span and the function's join the publisher's trace. With tracing off the invocation passes as it
 * is (a message's own {@code traceparent} still reaches the function).
 */
public final class TracedInvoker implements Invoker {

    private final Invoker delegate;
    private final Tracing tracing;

    /** Traces the calls of {@code delegate}. */
    public TracedInvoker(Invoker delegate, Tracing tracing) {
        this.delegate = delegate;
        this.tracing = tracing;
    }

    @Override
    public CompletionStage<InvocationResult> invoke(Invocation invocation) {
        if (!tracing.on()) {
            return delegate.invoke(invocation);
        }
        String destination = invocation.subject() != null ? invocation.subject() : invocation.source();
        Span span = tracing.start("process " + destination, SpanKind.CONSUMER, invocation.headers());
        span.setAttribute("messaging.operation.type", "process");
        if (invocation.source().startsWith("nats://") || invocation.source().startsWith("jetstream://")) {
            span.setAttribute("messaging.system", "nats");
        }
        span.setAttribute("messaging.destination.name", destination);
        span.setAttribute("messaging.message.id", invocation.id());
        span.setAttribute("quiver.namespace", String.valueOf(invocation.namespace()));
        span.setAttribute("quiver.function", invocation.function());
        Invocation traced = invocation.withHeaders(Tracing.withTrace(invocation.headers(), tracing.headers(span)));
        return delegate.invoke(traced).whenComplete((result, failure) -> {
            if (result != null) {
                span.setAttribute("http.response.status_code", result.status());
                if (result.revision() != null) {
                    span.setAttribute("quiver.revision", result.revision());
                }
            }
            if (failure != null || result == null || !result.succeeded()) {
                span.setStatus(StatusCode.ERROR, failure != null ? String.valueOf(failure)
                        : result == null ? "no result" : String.valueOf(result.error()));
            }
            span.end();
        });
    }
}
