package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.TrafficTarget;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The dashboard in a real browser, on the local platform ({@code quiver dev}): a Node script drives Debian's
 * headless Chromium with playwright-core ({@code src/test/dashboard}) against the runtime's dashboard, sees the
 * samples Ready, splits greeter's traffic 90/10 between two revisions in the traffic editor and reads the split back
 * from the dashboard's charts. Screenshots are kept in {@code target/dashboard}. Without {@code /usr/bin/chromium},
 * {@code node} or {@code npm} the class is skipped, except on CI ({@code CI=true}), where that is a failure.
 */
class DashboardBrowserIT extends PlatformScenarios {

    /** The browser test: its script, package.json and package-lock.json (node_modules is installed here). */
    private static final Path SCRIPTS = Checkout.ROOT.resolve("acceptance/src/test/dashboard");
    /** Where the screenshots go, as test artifacts. */
    private static final Path SCREENSHOTS = Checkout.ROOT.resolve("acceptance/target/dashboard");
    private static final String CHROMIUM = Optional.ofNullable(System.getenv("CHROMIUM")).orElse("/usr/bin/chromium");

    @Override
    PlatformUnderTest startPlatform(NatsServerProcess nats) {
        requireTools();
        return LocalDevPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS);
    }

    @Test
    @Order(1)
    void trafficSplitInTheDashboardReachesTheGatewayAndItsCharts() throws Exception {
        platform.deploy(FunctionFolder.copyOf("hello"));
        String stable = platform.deploy(FunctionFolder.copyOf("greeter").env("SCENARIO", "dashboard-a"));
        String canary = platform.deploy(FunctionFolder.copyOf("greeter").env("SCENARIO", "dashboard-b"));
        installBrowserTest();

        Path log = Checkout.newFolder("dashboard").resolve("browser-test.log");
        ChildProcess browserTest = ChildProcess.start("dashboard browser test", List.of("node",
                SCRIPTS.resolve("dashboard.spec.mjs").toString(), link(platform.dashboard()),
                platform.gateway().toString(), "greeter", stable, canary, SCREENSHOTS.toString()),
                Map.of("CHROMIUM", CHROMIUM), log);
        boolean exited = browserTest.process().waitFor(5, TimeUnit.MINUTES);
        browserTest.close();
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(exited).as("the browser test ended within 5 minutes:\n%s", output).isTrue();
        assertThat(browserTest.process().exitValue()).as("the browser test's exit status:\n%s\n%s", output,
                platform.diagnostics()).isZero();

        JsonNode result = ApiJson.json().readTree(output.substring(output.lastIndexOf("RESULT ") + "RESULT ".length()));
        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(result.path("counted").path("stable").asInt() + result.path("counted").path("canary").asInt())
                .as("requests the dashboard's charts counted").isGreaterThanOrEqualTo(200);
        assertThat(result.path("canaryShare").asDouble()).as("the canary's share in the charts").isBetween(0.02, 0.30);
        // what the editor saved is the traffic the gateway serves, as if the CLI had set it
        List<TrafficTarget> traffic = platform.function("greeter").getStatus().traffic;
        assertThat(traffic).extracting(t -> t.revisionName, t -> t.percent, t -> t.tag)
                .containsExactlyInAnyOrder(tuple(stable, 90, "stable"), tuple(canary, 10, null));
        assertThat(SCREENSHOTS.resolve("dashboard.png")).isNotEmptyFile();
    }

    /** The link {@code quiver dev} prints: {@code Dashboard: http://127.0.0.1:PORT/?token=TOKEN}. */
    private static String link(PlatformUnderTest.DashboardAccess dashboard) {
        return dashboard.base().resolve("/?token=" + URLEncoder.encode(dashboard.token(), StandardCharsets.UTF_8))
                .toString();
    }

    /** {@code npm ci} once, from the committed package-lock.json (playwright-core only; no browser download). */
    private static void installBrowserTest() throws InterruptedException, IOException {
        if (Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            return;
        }
        Path log = Checkout.newFolder("npm").resolve("npm-ci.log");
        ChildProcess npm = ChildProcess.start("npm ci", List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix",
                SCRIPTS.toString()), Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"), log);
        boolean exited = npm.process().waitFor(5, TimeUnit.MINUTES);
        npm.close();
        assertThat(exited && npm.process().exitValue() == 0).as("npm ci in %s:\n%s", SCRIPTS, Files.readString(log))
                .isTrue();
    }

    /** Skips without the tools, unless on CI, where they must be there. */
    private static void requireTools() {
        List<String> missing = Stream.of("node", "npm").filter(tool -> onPath(tool).isEmpty())
                .collect(Collectors.toCollection(ArrayList::new));
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            missing.add(CHROMIUM);
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the dashboard's browser test needs " + String.join(", ", missing)
                + " (Debian: apt-get install chromium nodejs npm)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; on CI (CI=true) that is a failure");
        }
        // an abort in @BeforeAll shows as no test at all in the build log, so say why here
        System.out.println("[acceptance] DashboardBrowserIT skipped: " + message);
        Assumptions.abort(message + "; skipped");
    }

    private static Optional<Path> onPath(String tool) {
        return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, tool)).filter(Files::isExecutable).findFirst();
    }
}
