package dev.quiver.runtime.app;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Maps {@code quiver.tracing.*} onto Quarkus's OpenTelemetry settings, which are read at start-up: without
 * {@code quiver.tracing.otlp-endpoint} the SDK is disabled ({@code quarkus.otel.sdk.disabled=true}, the runtime
 * setting that also keeps Vert.x's tracer out of the HTTP server and clients, so an untraced gateway pays nothing);
 * with it, spans go there over {@code quiver.tracing.otlp-protocol}. A default only (ordinal 200), below
 * {@code application.properties}, environment variables and system properties, so an explicit
 * {@code quarkus.otel.*} setting still wins.
 */
public class TracingDefaults implements ConfigSourceFactory {

    /** Below application.properties (250), env (300) and system properties (400). */
    static final int ORDINAL = 200;
    /** The endpoint setting. */
    static final String ENDPOINT = "quiver.tracing.otlp-endpoint";
    /** The protocol setting. */
    static final String PROTOCOL = "quiver.tracing.otlp-protocol";
    /** OTLP over HTTP with protobuf bodies: the OpenTelemetry specification's default. */
    static final String DEFAULT_PROTOCOL = "http/protobuf";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return defaults(value(context, ENDPOINT), value(context, PROTOCOL));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue().trim();
    }

    /** The Quarkus settings for this endpoint (null: none) and protocol (null: the default). */
    static List<ConfigSource> defaults(String endpoint, String protocol) {
        Map<String, String> otel = new LinkedHashMap<>();
        if (endpoint == null) {
            otel.put("quarkus.otel.sdk.disabled", "true");
        } else {
            otel.put("quarkus.otel.sdk.disabled", "false");
            otel.put("quarkus.otel.exporter.otlp.traces.endpoint", endpoint);
            otel.put("quarkus.otel.exporter.otlp.traces.protocol", protocol == null ? DEFAULT_PROTOCOL : protocol);
        }
        return List.of(new PropertiesConfigSource(otel, "quiver tracing defaults", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
