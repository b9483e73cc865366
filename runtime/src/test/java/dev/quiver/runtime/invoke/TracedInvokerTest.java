package dev.quiver.runtime.invoke;

import dev.quiver.runtime.events.plan.CoreTrigger;
import dev.quiver.runtime.events.plan.EventMapping;
import dev.quiver.runtime.events.plan.JetStreamBinding;
import dev.quiver.runtime.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TracedInvokerTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PUBLISHER_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PUBLISHER_SPAN + "-01";
    private static final CoreTrigger CORE = new CoreTrigger("default", "greeter", 0, "default.greet", "g",
            Duration.ofSeconds(9));

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final Tracing tracing = Tracing.of(OpenTelemetrySdk.builder().setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build());
    private final List<Invocation> sent = new ArrayList<>();
    private final Invoker function = invocation -> {
        sent.add(invocation);
        return CompletableFuture.completedFuture(new InvocationResult(200, "application/json", new byte[0],
                "greeter-00001", null, Duration.ZERO, null));
    };

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aMessagesTraceparentMakesTheCallAConsumerSpanInThePublishersTraceAndTheFunctionItsChild() {
        Invocation event = EventMapping.core(CORE, "default.greet", Map.of("Traceparent", TRACEPARENT,
                "tracestate", "vendor=1"), "{}".getBytes(StandardCharsets.UTF_8));

        new TracedInvoker(function, tracing).invoke(event).toCompletableFuture().join();

        SpanData consumer = spans.getFinishedSpanItems().get(0);
        assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(consumer.getName()).isEqualTo("process default.greet");
        assertThat(consumer.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(consumer.getParentSpanId()).isEqualTo(PUBLISHER_SPAN);
        assertThat(consumer.getAttributes().asMap().toString()).contains("greeter-00001");
        assertThat(sent).singleElement().satisfies(call -> {
            assertThat(call.headers()).containsEntry("traceparent",
                    "00-" + TRACE_ID + "-" + consumer.getSpanId() + "-01");
            assertThat(call.headers()).containsEntry("tracestate", "vendor=1");
        });
    }

    @Test
    void aJetStreamMessageWithoutTraceContextStartsATraceOfItsOwn() {
        JetStreamBinding binding = new JetStreamBinding("default", "link-checker", 0, "LINKS", "link-events", false,
                "quiver-default-link-checker-0", 3, Duration.ofSeconds(30), List.of(Duration.ofSeconds(1)), "dead", 100,
                Duration.ofSeconds(30));
        Invocation event = EventMapping.jetstream(binding, "link-events", 7, 1, Map.of(), new byte[0]);

        new TracedInvoker(function, tracing).invoke(event).toCompletableFuture().join();

        SpanData consumer = spans.getFinishedSpanItems().get(0);
        assertThat(consumer.getParentSpanContext().isValid()).isFalse();
        assertThat(sent.get(0).headers().get("traceparent")).contains(consumer.getTraceId())
                .contains(consumer.getSpanId());
        assertThat(sent.get(0).headers()).containsEntry(EventMapping.ATTEMPT_HEADER, "1");
    }

    @Test
    void aFailedCallEndsItsSpanAsAnError() {
        Invoker failing = invocation -> CompletableFuture.completedFuture(
                InvocationResult.failed("the function answered 500", Duration.ZERO));

        new TracedInvoker(failing, tracing).invoke(EventMapping.core(CORE, "default.greet",
                Map.of("traceparent", TRACEPARENT), new byte[0])).toCompletableFuture().join();

        assertThat(spans.getFinishedSpanItems()).singleElement()
                .satisfies(span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
    }

    @Test
    void withTracingOffTheMessagesOwnTraceparentReachesTheFunctionUnchanged() {
        Invocation event = EventMapping.core(CORE, "default.greet", Map.of("traceparent", TRACEPARENT), new byte[0]);

        new TracedInvoker(function, Tracing.off()).invoke(event).toCompletableFuture().join();

        assertThat(sent).singleElement().isSameAs(event);
        assertThat(sent.get(0).headers()).containsEntry("traceparent", TRACEPARENT);
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }
}
