package dev.quiver.runtime.app;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * One Vert.x event loop per core (Quarkus's default is two): the gateway never blocks a loop, so more loops than
 * cores only add thread switches, and each loop keeps its own connections to the replicas (nginx, likewise, runs a
 * worker per core). The cores are those the JVM sees, so a container's CPU limit counts. A default only, below
 * {@code application.properties}, environment variables and system properties:
 * {@code quarkus.vertx.event-loops-pool-size} (env {@code QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE}) still wins.
 */
public class EventLoopsDefault implements ConfigSourceFactory {

    /** The Quarkus setting of the event-loop count. */
    static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return defaults(Runtime.getRuntime().availableProcessors());
    }

    /** The default for this many cores. */
    static List<ConfigSource> defaults(int cores) {
        return List.of(new PropertiesConfigSource(Map.of(EVENT_LOOPS, String.valueOf(Math.max(1, cores))),
                "quiver: one event loop per core", LoopbackGatewayDefault.ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(LoopbackGatewayDefault.ORDINAL);
    }
}
