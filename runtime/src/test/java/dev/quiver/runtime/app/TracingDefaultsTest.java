package dev.quiver.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingDefaultsTest {

    /** The runtime's config with these settings where a user puts them (environment variables, ordinal 300). */
    private static SmallRyeConfig config(Map<String, String> settings) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("quarkus.otel.service.name", "quiver-runtime"),
                        "application.properties", 250))
                .withSources(new PropertiesConfigSource(settings, "environment", 300))
                .withSources(new TracingDefaults())
                .build();
    }

    @Test
    void withoutAnEndpointTheOpenTelemetrySdkIsDisabled() {
        SmallRyeConfig config = config(Map.of());

        assertThat(config.getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
        assertThat(config.getOptionalValue("quarkus.otel.exporter.otlp.traces.endpoint", String.class)).isEmpty();
    }

    @Test
    void anEndpointEnablesItAndSendsSpansThereOverHttpProtobuf() {
        SmallRyeConfig config = config(Map.of("quiver.tracing.otlp-endpoint", "http://collector:4318"));

        assertThat(config.getValue("quarkus.otel.sdk.disabled", Boolean.class)).isFalse();
        assertThat(config.getValue("quarkus.otel.exporter.otlp.traces.endpoint", String.class))
                .isEqualTo("http://collector:4318");
        assertThat(config.getValue("quarkus.otel.exporter.otlp.traces.protocol", String.class))
                .isEqualTo("http/protobuf");
    }

    @Test
    void anExplicitQuarkusSettingStillWins() {
        SmallRyeConfig config = config(Map.of("quiver.tracing.otlp-endpoint", "http://collector:4317",
                "quiver.tracing.otlp-protocol", "grpc", "quarkus.otel.sdk.disabled", "true"));

        assertThat(config.getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
        assertThat(config.getValue("quarkus.otel.exporter.otlp.traces.protocol", String.class)).isEqualTo("grpc");
    }
}
