package dev.quiver.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventMessagesTest {

    private static final Invocation INVOCATION = new Invocation("default", "hello", "e1", "nats://greet.bob",
            "dev.quiver.nats.message", "greet.bob", Instant.parse("2026-01-02T03:04:05Z"), "application/json",
            "{\"name\":\"bob\"}".getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ofSeconds(5));

    @Test
    void binaryModeHeadersAreTheOnesTheRuntimeAlwaysSent() {
        assertThat(CloudEventMessages.binaryHeaders(CloudEventMessages.event(INVOCATION))).isEqualTo(Map.of(
                "ce-specversion", "1.0",
                "ce-id", "e1",
                "ce-source", "nats://greet.bob",
                "ce-type", "dev.quiver.nats.message",
                "ce-subject", "greet.bob",
                "ce-time", "2026-01-02T03:04:05Z",
                "content-type", "application/json"));
    }

    @Test
    void aBinaryModeEventIsReadBackWithItsData() {
        CloudEvent event = CloudEventMessages.event(INVOCATION);

        CloudEvent read = CloudEventMessages.read(CloudEventMessages.binaryHeaders(event), INVOCATION.data()).orElseThrow();

        assertThat(read).isEqualTo(event);
    }

    @Test
    void aStructuredModeEventIsWrittenAsJsonAndReadBack() throws Exception {
        CloudEvent event = CloudEventMessages.event(INVOCATION);

        byte[] body = CloudEventMessages.structured(event);

        JsonNode json = new ObjectMapper().readTree(body);
        assertThat(json.get("specversion").asText()).isEqualTo("1.0");
        assertThat(json.get("id").asText()).isEqualTo("e1");
        assertThat(json.get("source").asText()).isEqualTo("nats://greet.bob");
        assertThat(json.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(json.get("data").get("name").asText()).isEqualTo("bob");
        CloudEvent read = CloudEventMessages.read(Map.of("Content-Type", CloudEventMessages.STRUCTURED_JSON), body)
                .orElseThrow();
        assertThat(read.getId()).isEqualTo("e1");
        assertThat(read.getSubject()).isEqualTo("greet.bob");
        assertThat(CloudEventMessages.data(read)).isEqualTo(INVOCATION.data());
    }

    @Test
    void aMessageWithoutCloudEventAttributesIsNoEvent() {
        assertThat(CloudEventMessages.read(Map.of("content-type", "application/json"), new byte[] {1})).isEmpty();
    }

    @Test
    void headerValuesArePercentEncodedAndDecoded() {
        Invocation invocation = new Invocation("default", "hello", "e 1", "nats://greet.bob", "t", "caf\u00e9 \"100%\"",
                Instant.parse("2026-01-02T03:04:05Z"), null, null, Map.of(), null);

        Map<String, String> headers = CloudEventMessages.binaryHeaders(CloudEventMessages.event(invocation));

        assertThat(headers).containsEntry("ce-subject", "caf%C3%A9%20%22100%25%22").containsEntry("ce-id", "e%201");
        CloudEvent read = CloudEventMessages.read(headers, new byte[0]).orElseThrow();
        assertThat(read.getSubject()).isEqualTo("caf\u00e9 \"100%\"");
        assertThat(read.getId()).isEqualTo("e 1");
    }

    @Test
    void aLonePercentSignIsKeptAsItIs() {
        assertThat(CloudEventMessages.decode("100% sure")).isEqualTo("100% sure");
        assertThat(CloudEventMessages.decode("50%2")).isEqualTo("50%2");
    }
}
