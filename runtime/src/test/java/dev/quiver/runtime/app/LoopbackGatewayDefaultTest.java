package dev.quiver.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LoopbackGatewayDefaultTest {

    /** The runtime's config with these settings where a user puts them (system properties, ordinal 400). */
    private static Optional<String> host(Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("quiver.platform", "local"), "application.properties", 250))
                .withSources(new PropertiesConfigSource(settings, "system properties", 400))
                .withSources(new LoopbackGatewayDefault())
                .build();
        return config.getOptionalValue("quarkus.http.host", String.class);
    }

    @Test
    void theLocalPlatformsGatewayBindsLoopbackByDefault() {
        assertThat(host(Map.of())).contains("127.0.0.1");
    }

    @Test
    void anExplicitHostExposesItOnPurpose() {
        assertThat(host(Map.of("quarkus.http.host", "0.0.0.0"))).contains("0.0.0.0");
    }

    @Test
    void onKubernetesTheGatewayKeepsQuarkussOwnDefault() {
        assertThat(host(Map.of("quiver.platform", "kubernetes"))).isEmpty();
    }

    @Test
    void isRegisteredForQuarkusToFind() {
        assertThat(ServiceLoader.load(ConfigSourceFactory.class).stream()
                .map(provider -> provider.type().getName())).contains(LoopbackGatewayDefault.class.getName());
    }
}
