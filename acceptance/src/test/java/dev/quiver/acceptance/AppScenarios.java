package dev.quiver.acceptance;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.HealthProbe;
import dev.quiver.api.conditions.ConditionTypes;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The function contract with apps this project did not shape (docs/function-contract.md), written once and run on
 * each platform: an unchanged Funqy app and an unchanged Quarkus REST app with SmallRye Health, each with its own
 * POM and none of Quiver's code, serve through the gateway with the probes chosen when they were built; a server in
 * another language runs from a {@code run:} command under {@code quiver dev}; and an app that never gets ready fails
 * with the probe it waited for and its last log lines.
 */
abstract class AppScenarios extends PlatformScenarios {

    @Test
    @Order(1)
    void anUnchangedFunqyAppServesItsFunctionOnPostAndGetAndIsProbedByTcp() {
        String revision = platform.deploy(FunctionFolder.copyOfApp("plain-funqy"));

        HttpResponse<String> post = assertGreetsOnPostAndGet("plain-funqy");

        assertThat(Gateway.revision(post)).isEqualTo(revision);
        assertThat(probes("plain-funqy", revision)).as("no health endpoint: a TCP connect")
                .startsWith("readiness TCP connect to $PORT, liveness TCP connect to $PORT (default:");
    }

    @Test
    @Order(2)
    void anUnchangedRestAppWithSmallRyeHealthIsProbedOnItsHealthEndpoints() {
        String revision = platform.deploy(FunctionFolder.copyOfApp("plain-rest"));

        assertGreetsOnPostAndGet("plain-rest");

        assertThat(probes("plain-rest", revision)).isEqualTo("readiness GET /q/health/ready, liveness GET "
                + "/q/health/live (default: the app has SmallRye Health)");
    }

    @Test
    @Order(3)
    void aNodeServerStartedByItsRunCommandServesUnderQuiverDev() {
        assumeTrue(platform.name().equals("local"), "run: is how quiver dev starts a folder; a cluster runs images");
        String revision = platform.deploy(FunctionFolder.copyOfApp("node-hello"));

        HttpResponse<String> post = assertGreetsOnPostAndGet("node-hello");

        assertThat(post.body()).as("the path without the gateway's prefix, and the contract's identity")
                .contains("\"path\":\"/greet\"").contains("\"function\":\"node-hello\"");
        assertThat(Gateway.revision(post)).isEqualTo(revision);
        assertThat(probes("node-hello", revision)).startsWith("readiness TCP connect to $PORT");
    }

    @Test
    @Order(4)
    void anAppThatNeverGetsReadyFailsNamingTheProbeItWaitedForAndItsLastLogLines() {
        String good = platform.deploy(FunctionFolder.copyOfApp("plain-rest").env("SCENARIO", "never-ready-a"));
        // The app starts and serves, but this path answers 404: the revision can never get ready.
        FunctionFolder neverReady = FunctionFolder.copyOfApp("plain-rest").env("SCENARIO", "never-ready-b")
                .edit(function -> function.getSpec().template.readinessProbe = HealthProbe.httpGet("/q/health/nowhere"));

        PlatformUnderTest.DeployFailedException failed = catchThrowableOfType(
                PlatformUnderTest.DeployFailedException.class, () -> platform.deploy(neverReady));

        assertThat(failed).as("the deploy of a revision that never gets ready fails").isNotNull();
        Function function = platform.function("plain-rest");
        Condition latest = DeployWait.condition(function.getStatus().conditions, ConditionTypes.LATEST_REVISION_READY);
        assertThat(latest.status).isEqualTo(Condition.FALSE);
        FunctionRevision revision = platform.revision("plain-rest", failed.revision());
        Condition ready = DeployWait.condition(revision.getStatus().conditions, ConditionTypes.READY);
        assertThat(ready.message).as("names the probe").contains("GET /q/health/nowhere")
                .as("quotes the app's log, where Quarkus says it listens").contains("Listening on");
        assertThat(platform.readyRevision("plain-rest")).isEqualTo(good);
        assertThat(gateway.get("/fn/plain-rest/greet?name=Ada").statusCode()).isEqualTo(200);
    }

    /** POST JSON and GET with a query parameter to the app's {@code /greet}, through the gateway; the POST's answer. */
    private HttpResponse<String> assertGreetsOnPostAndGet(String function) {
        HttpResponse<String> post = gateway.post("/fn/" + function + "/greet", "{\"name\":\"Ada\"}");
        HttpResponse<String> get = gateway.get("/fn/" + function + "/greet?name=Grace");

        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
        assertThat(post.body()).contains("Hello, Ada!");
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(get.body()).contains("Hello, Grace!");
        return post;
    }

    private String probes(String function, String revision) {
        FunctionRevision found = platform.revision(function, revision);
        assertThat(found).as("revision %s", revision).isNotNull();
        return found.getStatus() == null ? null : found.getStatus().probes;
    }
}
