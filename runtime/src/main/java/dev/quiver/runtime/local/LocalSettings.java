package dev.quiver.runtime.local;

import dev.quiver.api.contract.FunctionEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the local platform runs functions.
 *
 * @param functionsDir      the folder whose subfolders with a {@code function.yaml} are functions
 * @param workDir           where builds, revisions and logs go (a {@code .quiver} folder)
 * @param java              the JDK that runs function processes
 * @param readinessDeadline how long a new replica may take to pass readiness before its revision fails
 * @param drainTimeout      how long a stopping replica may take to finish its work after SIGTERM
 * @param drainDelay        pause between taking a replica out of routing and signalling it, so requests already
 *                          routed to it still connect
 * @param retention         how long a scaled-to-zero replica is kept frozen for a fast resume (zero: never)
 * @param gatewayUrl        the gateway's base URL, for the URLs printed and reported in status
 * @param offlineBuildFirst whether Maven is first tried offline ({@code -o}) before going online
 * @param natsUrl           the NATS server functions get as {@code NATS_URL}, when one is reachable
 * @param tracing           where functions send spans ({@code OTEL_*} variables), when the runtime traces
 */
public record LocalSettings(Path functionsDir, Path workDir, JavaHome java, Duration readinessDeadline,
        Duration drainTimeout, Duration drainDelay, Duration retention, String gatewayUrl, boolean offlineBuildFirst,
        Optional<String> natsUrl, Optional<FunctionEnvironment.Tracing> tracing) {

    /** Settings of a runtime that does not trace. */
    public LocalSettings(Path functionsDir, Path workDir, JavaHome java, Duration readinessDeadline,
            Duration drainTimeout, Duration drainDelay, Duration retention, String gatewayUrl, boolean offlineBuildFirst,
            Optional<String> natsUrl) {
        this(functionsDir, workDir, java, readinessDeadline, drainTimeout, drainDelay, retention, gatewayUrl,
                offlineBuildFirst, natsUrl, Optional.empty());
    }

    /** Settings with the defaults for everything but the folders, the JDK and the gateway URL. */
    public static LocalSettings defaults(Path functionsDir, Path workDir, JavaHome java, String gatewayUrl) {
        return new LocalSettings(functionsDir, workDir, java, Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMillis(300), Duration.ofMinutes(5), gatewayUrl, true, Optional.empty());
    }
}
