package dev.quiver.builder;

import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.HealthProbe;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Probes;

import java.nio.file.Path;

/**
 * The probes of a Quarkus app folder: the default chosen from the jars it holds ({@link DefaultProbe#detect}), and
 * the readiness probe its replicas get, which the AOT training waits for as the platforms do.
 */
public final class AppProbes {

    private AppProbes() {
    }

    /** The default of the app in {@code appDir} ({@code target/quarkus-app}), from its libraries' file names. */
    public static DefaultProbe detect(Path appDir) {
        return DefaultProbe.ofQuarkusApp(appDir);
    }

    /**
     * The readiness probe of the app's replicas, every setting filled in: the template's, else the default.
     *
     * @param template the function's template, or null for none
     */
    public static HealthProbe readiness(FunctionTemplate template, DefaultProbe detected) {
        return Probes.of(template == null ? new FunctionTemplate() : template, detected).readiness();
    }
}
