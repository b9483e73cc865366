package dev.quiver.api.contract;

import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionEnvironmentTest {

    private static final FunctionEnvironment.Identity HELLO =
            new FunctionEnvironment.Identity("team", "hello", "hello-00002", List.of("X-Group"));
    private static final FunctionEnvironment.Addresses ADDRESSES =
            new FunctionEnvironment.Addresses("http://gateway", Optional.of("nats://nats:4222"));

    @Test
    void onATracingPlatformAReplicaLearnsWhereSpansGoAndItsServiceNameWhichItsTemplateMayReplace() {
        FunctionEnvironment.Addresses traced = new FunctionEnvironment.Addresses("http://gateway", Optional.empty(),
                FunctionEnvironment.Tracing.of(Optional.of(" http://collector:4318 "), Optional.empty()));

        Map<String, String> env = FunctionEnvironment.of(HELLO, 8080, traced,
                Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), (n, v) -> v);

        assertThat(env).containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
                .containsEntry("OTEL_SERVICE_NAME", "hello")
                .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318")
                .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")
                .containsEntry("QUARKUS_OTEL_SERVICE_NAME", "hello")
                .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false");
        assertThat(FunctionEnvironment.of(HELLO, 8080, ADDRESSES, Map.of(), (n, v) -> v).keySet())
                .as("a platform that does not trace").noneMatch(name -> name.contains("OTEL"));
        assertThat(FunctionEnvironment.Tracing.of(Optional.of(" "), Optional.empty())).isEmpty();
    }

    @Test
    void replicaLearnsWhoItIsWhereItServesAndHowToReachThePlatform() {
        Map<String, String> env = FunctionEnvironment.of(HELLO, 8080, ADDRESSES, Map.of("GREETING", "hi"), (n, v) -> v);

        assertThat(env).containsExactly(Map.entry("PORT", "8080"), Map.entry("QUARKUS_HTTP_PORT", "8080"),
                Map.entry("QUIVER_NAMESPACE", "team"), Map.entry("QUIVER_FUNCTION", "hello"),
                Map.entry("QUIVER_REVISION", "hello-00002"), Map.entry("QUIVER_PROPAGATE_HEADERS", "x-group"),
                Map.entry("QUIVER_GATEWAY_URL", "http://gateway"), Map.entry("NATS_URL", "nats://nats:4222"),
                Map.entry("GREETING", "hi"));
    }

    @Test
    void templateMayChangeTheAddressesButNotTheIdentity() {
        Map<String, String> template = new LinkedHashMap<>();
        template.put("QUIVER_GATEWAY_URL", "http://other");
        template.put("PORT", "9999");
        template.put("QUIVER_REVISION", "fake");

        Map<String, String> env = FunctionEnvironment.of(HELLO, 8080, ADDRESSES, template, (n, v) -> v);

        assertThat(env).containsEntry("QUIVER_GATEWAY_URL", "http://other").containsEntry("PORT", "8080")
                .containsEntry("QUIVER_REVISION", "hello-00002");
    }

    @Test
    void withoutNatsThereIsNoNatsUrl() {
        Map<String, String> env = FunctionEnvironment.of(HELLO, 8080,
                new FunctionEnvironment.Addresses("http://gateway", Optional.empty()), Map.of(), (n, v) -> v);

        assertThat(env).doesNotContainKey("NATS_URL");
    }

    @Test
    void sharedPartThenIdentityGivesTheSameAsAllAtOnce() {
        Map<String, String> template = Map.of("NATS_URL", "nats://mine", "QUIVER_FUNCTION", "x", "A", "1");

        Map<String, String> twoSteps = FunctionEnvironment.withIdentity(HELLO, 41000,
                FunctionEnvironment.withAddresses(ADDRESSES, template, (n, v) -> v), (n, v) -> v);

        assertThat(twoSteps).isEqualTo(FunctionEnvironment.of(HELLO, 41000, ADDRESSES, template, (n, v) -> v));
    }

    @Test
    void propagatedHeadersAreTheHeadersTheMatchRulesRead() {
        TrafficTarget feature = TrafficTarget.revision("hello-00003", 0);
        feature.match = TrafficMatch.header("X-Group", "test");
        TrafficTarget beta = TrafficTarget.revision("hello-00004", 0);
        beta.match = TrafficMatch.header("x-beta", "yes");
        beta.match.headers.put("x-group", beta.match.headers.get("x-beta"));

        assertThat(FunctionEnvironment.propagatedHeaders(List.of(TrafficTarget.latest(100), feature, beta)))
                .containsExactly("x-beta", "x-group");
        assertThat(FunctionEnvironment.propagatedHeaders(List.of(TrafficTarget.latest(100)))).isEmpty();
    }
}
