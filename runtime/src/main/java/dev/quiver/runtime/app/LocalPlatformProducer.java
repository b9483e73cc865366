package dev.quiver.runtime.app;

import dev.quiver.api.contract.FunctionEnvironment;
import java.util.Optional;
import dev.quiver.runtime.local.JavaHome;
import dev.quiver.runtime.local.LocalFunctionStore;
import dev.quiver.runtime.local.LocalPlatform;
import dev.quiver.runtime.local.LocalSettings;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The local platform's beans: the {@link LocalPlatform} (the {@code Platform} the gateway uses) and the
 * {@link LocalFunctionStore} (its {@code RouteCatalog}). Typed by their own classes: {@link PlatformSelection}
 * offers them as {@code Platform} and {@code RouteCatalog} when {@code quiver.platform} is {@code local}, the default,
 * and nothing creates them otherwise.
 */
public class LocalPlatformProducer {

    /** The settings, from {@code quiver.local.*}. */
    @Produces
    @Singleton
    LocalSettings settings(QuiverConfig config, @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        QuiverConfig.Local local = config.local();
        Path functions = Path.of(local.functionsDir()).toAbsolutePath().normalize();
        Path work = local.workDir().map(Path::of).orElse(functions.resolve(".quiver")).toAbsolutePath().normalize();
        JavaHome java = JavaHome.detect(local.javaHome().map(Path::of));
        return new LocalSettings(functions, work, java, local.readinessDeadline(), local.drainTimeout(),
                local.drainDelay(), local.retention(), "http://localhost:" + httpPort, local.offlineBuildFirst(), NatsProbe.reachable(config.nats().url()),
                FunctionEnvironment.Tracing.of(config.tracing().otlpEndpoint(), Optional.of(config.tracing().otlpProtocol())));
    }

    /** Replicas as child processes. */
    @Produces
    @Singleton
    @Typed(LocalPlatform.class)
    LocalPlatform platform(LocalSettings settings) {
        return new LocalPlatform(settings);
    }

    /** Stops every replica when the runtime stops. */
    void close(@Disposes LocalPlatform platform) {
        platform.close();
    }

    /** Functions from the functions folder. */
    @Produces
    @Singleton
    @Typed(LocalFunctionStore.class)
    LocalFunctionStore store(LocalSettings settings, LocalPlatform platform) {
        return new LocalFunctionStore(settings, platform, Clock.systemUTC());
    }

}
