package dev.quiver.runtime.app;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * On the local platform ({@code quiver dev}), the gateway's HTTP server binds {@code 127.0.0.1} unless
 * {@code quarkus.http.host} is set: Quarkus binds {@code 0.0.0.0} in production, which would let anyone on the LAN
 * call a developer's functions. A default only, below {@code application.properties} (250), environment variables
 * (300) and system properties (400), so an explicit {@code quarkus.http.host} (e.g. {@code quiver dev --host
 * 0.0.0.0}) still exposes it on purpose; on Kubernetes ({@code QUIVER_PLATFORM=kubernetes}) it adds nothing.
 */
public class LoopbackGatewayDefault implements ConfigSourceFactory {

    /** The ordinal of the default: above Quarkus's built-in defaults, below every place a user sets config. */
    static final int ORDINAL = 200;

    /** The Quarkus setting of the HTTP server's bind address. */
    static final String HOST = "quarkus.http.host";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue platform = context.getValue("quiver.platform");
        return defaults(platform == null ? null : platform.getValue());
    }

    /** The default for this value of {@code quiver.platform} (null: unset, which means local). */
    static List<ConfigSource> defaults(String platform) {
        boolean local = platform == null || platform.trim().toLowerCase(Locale.ROOT).equals(PlatformSelection.LOCAL);
        if (!local) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(HOST, "127.0.0.1"), "quiver local platform: loopback gateway",
                ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
