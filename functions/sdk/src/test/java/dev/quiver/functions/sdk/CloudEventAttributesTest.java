package dev.quiver.functions.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventAttributesTest {

    private static Map<String, String> event(String... more) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Ce-Id", "e-1");
        headers.put("CE-SOURCE", "quiver/schedule/hello/0");
        headers.put("ce-type", "dev.quiver.schedule.fired");
        headers.put("ce-specversion", "1.0");
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    @Test
    void requiredAttributesAreReadWhateverTheCaseOfTheHeaderNames() {
        CloudEventAttributes attributes = CloudEventAttributes.fromHeaders(event("Content-Type", "text/plain")).orElseThrow();

        assertThat(attributes.id()).isEqualTo("e-1");
        assertThat(attributes.source()).isEqualTo("quiver/schedule/hello/0");
        assertThat(attributes.type()).isEqualTo("dev.quiver.schedule.fired");
        assertThat(attributes.specVersion()).isEqualTo("1.0");
        assertThat(attributes.contentType()).isEqualTo("text/plain");
        assertThat(attributes.subject()).isNull();
        assertThat(attributes.extensions()).isEmpty();
    }

    @Test
    void requestWithoutEveryRequiredAttributeIsNoEvent() {
        assertThat(CloudEventAttributes.fromHeaders(Map.of("content-type", "application/json"))).isEmpty();
        for (String missing : new String[] {"Ce-Id", "CE-SOURCE", "ce-type", "ce-specversion"}) {
            Map<String, String> headers = event();
            headers.remove(missing);
            assertThat(CloudEventAttributes.fromHeaders(headers)).as("without " + missing).isEmpty();
        }
        Map<String, String> blankId = event();
        blankId.put("Ce-Id", "  ");
        assertThat(CloudEventAttributes.fromHeaders(blankId)).isEmpty();
    }

    @Test
    void otherCeHeadersAreExtensionsByTheirLowerCaseName() {
        CloudEventAttributes attributes = CloudEventAttributes.fromHeaders(
                event("ce-subject", "link-events", "Ce-TraceParent", "00-abc-01", "x-quiver-attempt", "2")).orElseThrow();

        assertThat(attributes.subject()).isEqualTo("link-events");
        assertThat(attributes.extensions()).containsOnlyKeys("traceparent");
        assertThat(attributes.extension("TraceParent")).contains("00-abc-01");
        assertThat(attributes.extension("attempt")).isEmpty();
    }

    @Test
    void timeIsParsedAsRfc3339AndAnUnreadableTimeIsKeptButYieldsNoInstant() {
        assertThat(CloudEventAttributes.fromHeaders(event("ce-time", "2024-05-01T12:15:30.5+02:00")).orElseThrow()
                .timestamp()).contains(Instant.parse("2024-05-01T10:15:30.5Z"));

        CloudEventAttributes odd = CloudEventAttributes.fromHeaders(event("ce-time", "yesterday")).orElseThrow();
        assertThat(odd.time()).isEqualTo("yesterday");
        assertThat(odd.timestamp()).isEmpty();
        assertThat(CloudEventAttributes.fromHeaders(event()).orElseThrow().timestamp()).isEmpty();
    }

    @Test
    void percentEncodedAttributeValuesAreDecodedAsUtf8AndAPlusStaysAPlus() {
        CloudEventAttributes attributes = CloudEventAttributes.fromHeaders(event(
                "ce-subject", "orders%20%22EU%22%20100%25", "ce-region", "z%C3%BCrich+1", "content-type", "a%20b"))
                .orElseThrow();

        assertThat(attributes.subject()).isEqualTo("orders \"EU\" 100%");
        assertThat(attributes.extension("region")).hasValue("zürich+1");
        assertThat(attributes.contentType()).as("not a ce-* header").isEqualTo("a%20b");
    }

    @Test
    void aPercentSignWithoutTwoHexDigitsIsKeptAsItIs() {
        assertThat(CloudEventAttributes.percentDecoded("50% off")).isEqualTo("50% off");
        assertThat(CloudEventAttributes.percentDecoded("ends in %4")).isEqualTo("ends in %4");
    }
}
