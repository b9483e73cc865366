package dev.quiver.functions.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeaderPropagationTest {

    private static Map<String, List<String>> inbound(String... namesAndValues) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.computeIfAbsent(namesAndValues[i], k -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return headers;
    }

    @Test
    void revisionHeaderTravelsEvenWithNoConfiguredHeaders() {
        HeaderPropagation propagation = HeaderPropagation.parse(null);

        Map<String, List<String>> out = propagation.outbound(inbound("X-Quiver-Revision", "a-00001", "x-group", "test")::get);

        assertThat(out).containsOnlyKeys("x-quiver-revision").containsEntry("x-quiver-revision", List.of("a-00001"));
    }

    @Test
    void configuredHeadersMatchCaseInsensitivelyAndKeepAllValues() {
        HeaderPropagation propagation = HeaderPropagation.parse(" X-Group ,cookie,,");

        Map<String, List<String>> out = propagation.outbound(inbound("x-group", "test", "Cookie", "a=1", "cookie", "b=2")::get);

        assertThat(out).containsEntry("x-group", List.of("test")).containsEntry("cookie", List.of("a=1", "b=2"));
    }

    @Test
    void absentHeadersAreLeftOut() {
        HeaderPropagation propagation = HeaderPropagation.parse("x-group");

        assertThat(propagation.outbound(inbound("accept", "*/*")::get)).isEmpty();
        assertThat(propagation.names()).containsExactlyInAnyOrder("x-group", "x-quiver-revision");
    }
}
