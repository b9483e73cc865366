package dev.quiver.runtime.app;

import dev.quiver.runtime.tracing.Tracing;
import dev.quiver.runtime.tracing.NoRootClientSpans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The runtime's {@link Tracing}: on when the OpenTelemetry SDK is (see {@link TracingDefaults}). */
@Singleton
public class TracingProducer {

    private static final Logger LOG = Logger.getLogger(TracingProducer.class);

    /** Tracing over Quarkus's OpenTelemetry, or {@link Tracing#off()} when its SDK is disabled. */
    @Produces
    @Singleton
    Tracing tracing(OpenTelemetry openTelemetry, QuiverConfig config,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean disabled) {
        if (disabled) {
            return Tracing.off();
        }
        LOG.infof("tracing: spans go to %s (%s)", config.tracing().otlpEndpoint().orElse("the quarkus.otel.* endpoint"),
                config.tracing().otlpProtocol());
        return Tracing.of(openTelemetry);
    }

    /** The sampler Quarkus's OpenTelemetry uses (a CDI bean of this type replaces its configured one). */
    @Produces
    @Singleton
    Sampler sampler() {
        return new NoRootClientSpans();
    }
}
