package dev.quiver.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class EventLoopsDefaultTest {

    /** The runtime's event-loop count on this many cores, with these settings where a user puts them. */
    private static int eventLoops(int cores, Map<String, String> settings) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(settings, "system properties", 400));
        EventLoopsDefault.defaults(cores).forEach(builder::withSources);
        SmallRyeConfig config = builder.build();
        return config.getValue(EventLoopsDefault.EVENT_LOOPS, Integer.class);
    }

    @Test
    void oneEventLoopPerCore() {
        assertThat(eventLoops(2, Map.of())).isEqualTo(2);
        assertThat(eventLoops(8, Map.of())).isEqualTo(8);
    }

    @Test
    void aContainerWithLessThanOneCoreStillGetsALoop() {
        assertThat(eventLoops(0, Map.of())).isEqualTo(1);
    }

    @Test
    void anExplicitCountWins() {
        assertThat(eventLoops(2, Map.of(EventLoopsDefault.EVENT_LOOPS, "6"))).isEqualTo(6);
    }

    @Test
    void isRegisteredForQuarkusToFind() {
        assertThat(ServiceLoader.load(ConfigSourceFactory.class).stream()
                .map(provider -> provider.type().getName())).contains(EventLoopsDefault.class.getName());
    }
}
