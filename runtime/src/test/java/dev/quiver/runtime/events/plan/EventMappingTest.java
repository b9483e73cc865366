package dev.quiver.runtime.events.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.runtime.invoke.Invocation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMappingTest {

    private static final CoreTrigger CORE = new CoreTrigger("default", "hello", 0, "greet.*", "g", Duration.ofSeconds(9));
    private static final JetStreamBinding JS = new JetStreamBinding("default", "hello", 0, "GREET", "greet.>", false,
            "d", 5, Duration.ofSeconds(30), List.of(Duration.ofSeconds(1)), "quiver.dlq.default.hello", 100,
            Duration.ofSeconds(9));

    @Test
    void aCoreMessageBecomesANatsCloudEventWithARandomId() {
        Invocation one = EventMapping.core(CORE, "greet.bob", Map.of(), new byte[] {1});
        Invocation two = EventMapping.core(CORE, "greet.bob", Map.of(), new byte[] {1});

        assertThat(one.source()).isEqualTo("nats://greet.bob");
        assertThat(one.type()).isEqualTo("dev.quiver.nats.message");
        assertThat(one.subject()).isEqualTo("greet.bob");
        assertThat(one.function()).isEqualTo("hello");
        assertThat(one.timeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(one.contentType()).isEqualTo("application/json");
        assertThat(one.id()).isNotEqualTo(two.id());
    }

    @Test
    void aJetStreamMessageHasAnIdStableAcrossRedeliveriesAndItsAttempt() {
        Invocation first = EventMapping.jetstream(JS, "greet.x", 42, 1, Map.of(), new byte[0]);
        Invocation again = EventMapping.jetstream(JS, "greet.x", 42, 3, Map.of(), new byte[0]);

        assertThat(first.id()).isEqualTo("GREET-42").isEqualTo(again.id());
        assertThat(first.source()).isEqualTo("jetstream://GREET");
        assertThat(first.type()).isEqualTo("dev.quiver.jetstream.message");
        assertThat(again.headers()).containsEntry("x-quiver-attempt", "3");
    }

    @Test
    void theNatsMessageIdWinsAndTheContentTypeIsKept() {
        Invocation invocation = EventMapping.jetstream(JS, "greet.x", 42, 1,
                Map.of("Nats-Msg-Id", "order-7", "Content-Type", "text/plain"), new byte[0]);

        assertThat(invocation.id()).isEqualTo("order-7");
        assertThat(invocation.contentType()).isEqualTo("text/plain");
    }

    @Test
    void aBinaryModeCloudEventKeepsItsAttributesAndExtensions() {
        Invocation invocation = EventMapping.core(CORE, "greet.bob", Map.of("ce-specversion", "1.0", "ce-id", "e1",
                "ce-source", "/shop", "ce-type", "com.example.t", "ce-subject", "s1", "ce-time", "2026-01-02T03:04:05+01:00",
                "ce-traceparent", "00-1-2-01"), new byte[0]);

        assertThat(invocation.id()).isEqualTo("e1");
        assertThat(invocation.source()).isEqualTo("/shop");
        assertThat(invocation.type()).isEqualTo("com.example.t");
        assertThat(invocation.subject()).isEqualTo("s1");
        assertThat(invocation.time()).isEqualTo(Instant.parse("2026-01-02T02:04:05Z"));
        assertThat(invocation.headers()).containsEntry("ce-traceparent", "00-1-2-01").doesNotContainKey("ce-id");
    }

    @Test
    void aStructuredModeCloudEventBecomesTheInvocationWithItsDataAsTheBody() {
        String event = """
                {"specversion": "1.0", "id": "e2", "source": "/shop", "type": "com.example.order",
                 "subject": "order-7", "time": "2026-01-02T03:04:05Z", "datacontenttype": "application/json",
                 "partitionkey": "eu", "data": {"total": 12}}
                """;

        Invocation invocation = EventMapping.core(CORE, "greet.bob", Map.of("Content-Type", "application/cloudevents+json"),
                event.getBytes(StandardCharsets.UTF_8));

        assertThat(invocation.id()).isEqualTo("e2");
        assertThat(invocation.source()).isEqualTo("/shop");
        assertThat(invocation.type()).isEqualTo("com.example.order");
        assertThat(invocation.subject()).isEqualTo("order-7");
        assertThat(invocation.time()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(invocation.contentType()).isEqualTo("application/json");
        assertThat(new String(invocation.data(), StandardCharsets.UTF_8)).isEqualTo("{\"total\":12}");
        assertThat(invocation.headers()).containsEntry("ce-partitionkey", "eu").doesNotContainKey("ce-id");
    }

    @Test
    void aBinaryModeCloudEventHasItsHeaderValuesPercentDecoded() {
        Invocation invocation = EventMapping.core(CORE, "greet.bob", Map.of("ce-specversion", "1.0", "ce-id", "e1",
                "ce-source", "/shop", "ce-type", "t", "ce-subject", "caf%C3%A9%20au%20lait"), new byte[0]);

        assertThat(invocation.subject()).isEqualTo("caf\u00e9 au lait");
    }

    @Test
    void aStructuredModeMessageThatIsNotAnEventIsRejected() {
        assertThatThrownBy(() -> EventMapping.core(CORE, "s", Map.of("content-type", "application/cloudevents+json"),
                "{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("the message is not a valid CloudEvent: Missing mandatory specversion attribute");
    }

    @Test
    void malformedCloudEventsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> EventMapping.core(CORE, "s", Map.of("ce-id", "x"), new byte[0]))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("ce-specversion is missing");
        assertThatThrownBy(() -> EventMapping.core(CORE, "s", Map.of("ce-specversion", "0.3", "ce-id", "x"), new byte[0]))
                .hasMessageContaining("'0.3'");
        assertThatThrownBy(() -> EventMapping.core(CORE, "s", Map.of("ce-specversion", "1.0", "ce-id", "x",
                "ce-type", "t"), new byte[0])).hasMessageContaining("ce-source");
        assertThatThrownBy(() -> EventMapping.core(CORE, "s", Map.of("ce-specversion", "1.0", "ce-id", "x",
                "ce-source", "/s", "ce-type", "t", "ce-time", "noon"), new byte[0])).hasMessageContaining("ce-time 'noon'");
    }
}
