package dev.quiver.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.StickySplit;
import dev.quiver.api.conditions.ConditionTypes;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP side of Quiver as a user sees it, written once and run on each platform (a subclass per platform
 * starts it once for the class): deploy, traffic split, tags and header routes, scaling, rollout and rollback
 * under load, failing revisions, config restored by a rollback, a sticky split, the dashboard's API (list, a
 * traffic move, a counted invocation), and one trace from the gateway to the function. The scenarios run in order,
 * the most basic first; each deploys the revisions it needs.
 */
abstract class HttpScenarios extends PlatformScenarios {

    /** How long a traffic change may take to reach the gateway (the cluster's goes through informers). */
    static final Duration ROUTES_LIMIT = Duration.ofMinutes(1);
    /** The cookie that keeps a user on one revision in the sticky scenario. */
    static final String STICKY_COOKIE = "quiver-split";
    /** How many users (cookies) the sticky scenario follows. */
    static final int STICKY_USERS = 1_000;
    /** How many requests each of them sends: the first lands it, the others must follow it (kept small: 3,000 in all). */
    static final int STICKY_REQUESTS = 3;

    @Test
    @Order(1)
    void aDeployedFunctionAnswersThroughTheGatewayNamingItsRevision() {
        String revision = platform.deploy(FunctionFolder.copyOf("hello"));

        HttpResponse<String> response = gateway.post("/fn/hello", "{\"name\":\"Ada\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Gateway.revision(response)).isEqualTo(revision);
        assertThat(response.body()).contains("Hello, Ada!");
        assertThat(platform.readyRevision("hello")).isEqualTo(revision);
        HttpResponse<String> qualified = gateway.post("/fn/default/hello", "{\"name\":\"Ada\"}");
        assertThat(qualified.statusCode()).as("the namespace-qualified URL: %s", qualified.body()).isEqualTo(200);
        assertThat(Gateway.revision(qualified)).isEqualTo(revision);
        assertThat(gateway.post("/fn/elsewhere/hello", "{}").statusCode()).as("another namespace has no hello")
                .isEqualTo(404);
    }

    @Test
    @Order(2)
    void aNinetyTenSplitHoldsOverTenThousandRequestsWhileTagAndHeaderRoutesReachTheirRevisions() {
        String first = platform.deploy(FunctionFolder.copyOf("hello").env("SCENARIO", "split-a"));
        String second = platform.deploy(FunctionFolder.copyOf("hello").env("SCENARIO", "split-b"));

        platform.traffic("hello", first + "=90", second + "=10", "--tag", first + "=stable",
                "--route-header", "x-group=test:" + second);

        await("the tag and the header route applied").atMost(ROUTES_LIMIT).untilAsserted(() -> {
            assertThat(Gateway.revision(gateway.post("/fn/hello@stable", "{}"))).isEqualTo(first);
            assertThat(Gateway.revision(gateway.post("/fn/hello", "{}", "x-group", "test"))).isEqualTo(second);
        });
        Load.Tally split = Load.burst(10_000, 8, () -> gateway.post("/fn/hello", "{\"name\":\"split\"}"));
        Load.Tally tagged = Load.burst(200, 4, () -> gateway.post("/fn/hello@stable", "{}"));
        Load.Tally routed = Load.burst(200, 4, () -> gateway.post("/fn/hello", "{}", "x-group", "test"));

        assertThat(split.failures()).as("failed requests %s", split.examples()).isZero();
        assertThat(split.byRevision()).containsOnlyKeys(first, second);
        assertThat(split.percent(second)).as("share of %s in %s", second, split.byRevision()).isBetween(8.5, 11.5);
        assertThat(tagged.byRevision()).as("%s", tagged.examples()).containsOnlyKeys(first);
        assertThat(routed.byRevision()).as("%s", routed.examples()).containsOnlyKeys(second);
    }

    @Test
    @Order(3)
    void anIdleRevisionScalesToZeroAnswersAColdRequestAndScalesOutUnderLoad() {
        String revision = deployServing(FunctionFolder.copyOf("hello").env("SCENARIO", "scale").scale(0, 3, 1, "1s"));

        await(revision + " scaled to zero").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> platform.replicas("hello", revision) == 0);
        HttpResponse<String> cold = gateway.post("/fn/hello", "{\"name\":\"cold\"}");
        assertThat(cold.statusCode()).as(cold.body()).isEqualTo(200);
        assertThat(Gateway.revision(cold)).isEqualTo(revision);

        // Six requests in flight against a target of one per replica: the autoscaler wants more than one.
        try (Load load = Load.steady(6, () -> gateway.post("/fn/hello", "{\"delayMs\":300}"))) {
            await(revision + " scaled out").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> platform.replicas("hello", revision) > 1);
            Load.Tally tally = load.stop();
            assertThat(tally.failures()).as("failed requests %s", tally.examples()).isZero();
        }
    }

    @Test
    @Order(4)
    void aRolloutAndARollbackUnderSteadyLoadFailNoRequest() {
        String before = deployServing(FunctionFolder.copyOf("hello").env("SCENARIO", "rollout-a"));
        Load load = Load.steady(4, () -> gateway.post("/fn/hello", "{\"name\":\"steady\"}"));
        try {
            awaitAnswersFrom(before, load, ROUTES_LIMIT);

            String after = platform.deploy(FunctionFolder.copyOf("hello").env("SCENARIO", "rollout-b"));
            // Twice the usual limit: on a loaded machine the steady load once took over a minute to reach it.
            awaitAnswersFrom(after, load, ROUTES_LIMIT.multipliedBy(2));
            platform.rollback("hello");
            await("load back on " + before).atMost(ROUTES_LIMIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> Gateway.revision(gateway.post("/fn/hello", "{}")).equals(before));
            Load.Tally afterRollback = Load.burst(200, 4, () -> gateway.post("/fn/hello", "{}"));

            Load.Tally tally = load.stop();
            assertThat(tally.failures()).as("failed requests %s", tally.examples()).isZero();
            assertThat(tally.byRevision()).containsKeys(before, after);
            assertThat(afterRollback.failures()).as("%s", afterRollback.examples()).isZero();
            assertThat(afterRollback.byRevision()).as("after the rollback").containsOnlyKeys(before);
        } finally {
            load.close();
        }
    }

    @Test
    @Order(5)
    void aFailingRevisionNeverTakesTrafficAndItsReasonIsReported() {
        String good = deployServing(FunctionFolder.copyOf("hello").env("SCENARIO", "failing-a"));
        Load load = Load.steady(2, () -> gateway.post("/fn/hello", "{}"));
        try {
            // The JVM refuses an unknown option: the replica never starts, so the revision never gets ready.
            FunctionFolder broken = FunctionFolder.copyOf("hello").env("SCENARIO", "failing-b")
                    .env("JAVA_TOOL_OPTIONS", "-XX:+QuiverNoSuchOption");

            PlatformUnderTest.DeployFailedException failed = catchThrowableOfType(
                    PlatformUnderTest.DeployFailedException.class, () -> platform.deploy(broken));

            assertThat(failed).as("the deploy of a revision that cannot start fails").isNotNull();
            assertThat(failed.getMessage()).isNotBlank();
            Load.Tally tally = load.stop();
            assertThat(tally.failures()).as("failed requests %s", tally.examples()).isZero();
            assertThat(tally.byRevision()).containsOnlyKeys(good);
            assertThat(platform.readyRevision("hello")).isEqualTo(good);
            Function function = platform.function("hello");
            Condition latest = DeployWait.condition(function.getStatus().conditions,
                    ConditionTypes.LATEST_REVISION_READY);
            assertThat(latest).isNotNull();
            assertThat(latest.status).isEqualTo(Condition.FALSE);
            assertThat(latest.message).contains(failed.revision());
            assertThat(Gateway.revision(gateway.post("/fn/hello", "{}"))).isEqualTo(good);
        } finally {
            load.close();
        }
    }

    @Test
    @Order(6)
    void aRollbackRestoresTheConfigurationTheOldRevisionWasMadeWith() {
        String ahoy = platform.deploy(platform.configure(FunctionFolder.copyOf("greeter").env("SCENARIO", "config-a"),
                "greeter-config", Map.of("GREETING", "Ahoy")));
        awaitGreeting("Ahoy, Ada!", ahoy);

        String hej = platform.deploy(platform.configure(FunctionFolder.copyOf("greeter").env("SCENARIO", "config-b"),
                "greeter-config", Map.of("GREETING", "Hej")));
        awaitGreeting("Hej, Ada!", hej);

        platform.rollback("greeter");
        awaitGreeting("Ahoy, Ada!", ahoy);
    }

    @Test
    @Order(7)
    void aStickyFiftyFiftySplitKeepsEachOfAThousandCookiesOnOneRevision() {
        String first = platform.deploy(FunctionFolder.copyOf("hello").env("SCENARIO", "sticky-a")
                .edit(f -> f.getSpec().sticky = StickySplit.byCookie(STICKY_COOKIE)));
        String second = platform.deploy(FunctionFolder.copyOf("hello").env("SCENARIO", "sticky-b")
                .edit(f -> f.getSpec().sticky = StickySplit.byCookie(STICKY_COOKIE)));

        platform.traffic("hello", first + "=50", second + "=50");

        await("the sticky 50/50 split applied").atMost(ROUTES_LIMIT).untilAsserted(() -> {
            Set<String> seen = new TreeSet<>();
            for (int user = 0; user < 40; user++) {
                seen.add(Gateway.revision(gateway.post("/fn/hello", "{}", "Cookie", STICKY_COOKIE + "=probe-" + user)));
            }
            assertThat(seen).containsExactlyInAnyOrder(first, second);
        });
        long start = System.nanoTime();
        StickyUsers users = StickyUsers.visit(STICKY_USERS, STICKY_REQUESTS, 8,
                user -> gateway.post("/fn/hello", "{}", "Cookie", STICKY_COOKIE + "=user-" + user));
        ScenarioClock.print(STICKY_USERS + " sticky users, " + STICKY_REQUESTS + " requests each", start, "sent");
        assertThat(users.problems()).as("users whose requests failed or moved between revisions").isEmpty();
        assertThat(users.perRevision()).containsOnlyKeys(first, second);
        // binomial over 1,000 users: sigma ≈ 15.8; 5 sigma
        assertThat(users.perRevision().getOrDefault(second, 0)).as("users per revision %s", users.perRevision())
                .isBetween(421, 579);

        HttpResponse<String> newcomer = gateway.post("/fn/hello", "{}");
        String setCookie = newcomer.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).as("a user without the cookie gets one").startsWith(STICKY_COOKIE + "=");
        String given = setCookie.substring(0, setCookie.indexOf(';'));
        for (int i = 0; i < 5; i++) {
            assertThat(Gateway.revision(gateway.post("/fn/hello", "{}", "Cookie", given)))
                    .as("the newcomer's request %d with the cookie it was given", i).isEqualTo(Gateway.revision(newcomer));
        }
    }

    @Test
    @Order(8)
    void dashboardApiListsFunctionsAndMovesTraffic() {
        String first = platform.deploy(FunctionFolder.copyOf("hello").env("SCENARIO", "dashboard-a"));
        String second = platform.deploy(FunctionFolder.copyOf("hello").env("SCENARIO", "dashboard-b"));
        DashboardClient dashboard = new DashboardClient(platform.dashboard());

        assertThat(dashboard.getWithoutToken("/api/v1/functions").statusCode()).as("no token, no data").isEqualTo(401);
        await("the dashboard lists hello at " + second).atMost(ROUTES_LIMIT).untilAsserted(() -> {
            HttpResponse<String> list = dashboard.get("/api/v1/functions");
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            JsonNode hello = null;
            for (JsonNode item : DashboardClient.json(list).path("items")) {
                if (item.path("metadata").path("name").asText().equals("hello")) {
                    hello = item;
                }
            }
            assertThat(hello).as("hello in %s", list.body()).isNotNull();
            assertThat(hello.path("status").path("latestReadyRevisionName").asText()).isEqualTo(second);
        });
        assertThat(DashboardClient.json(dashboard.get("/api/v1/functions/hello/revisions")).path("items")
                .findValuesAsText("name")).contains(first, second);

        HttpResponse<String> moved = dashboard.send("PUT", "/api/v1/functions/hello/traffic", "[{\"revisionName\":\""
                + first + "\",\"percent\":90},{\"revisionName\":\"" + second + "\",\"percent\":10}]");

        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        await("90/10 in hello's status").atMost(ROUTES_LIMIT).untilAsserted(() -> {
            Function hello = platform.function("hello");
            assertThat(percentOf(hello, first)).isEqualTo(90);
            assertThat(percentOf(hello, second)).isEqualTo(10);
        });
        await("the split reaches the gateway").atMost(ROUTES_LIMIT).untilAsserted(() -> {
            Load.Tally tally = Load.burst(200, 4, () -> gateway.post("/fn/hello", "{}"));
            assertThat(tally.byRevision()).containsOnlyKeys(first, second);
        });

        long before = dashboardRequests(dashboard);
        HttpResponse<String> invoked = dashboard.send("POST", "/api/v1/functions/hello/invoke", "{\"name\":\"Ada\"}");

        assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
        JsonNode answer = DashboardClient.json(invoked);
        assertThat(answer.path("status").asInt()).as(invoked.body()).isEqualTo(200);
        assertThat(answer.path("body").asText()).contains("Hello, Ada!");
        assertThat(answer.path("revision").asText()).isIn(first, second);
        assertThat(dashboardRequests(dashboard)).as("the call went through the gateway's counters")
                .isGreaterThan(before);
    }

    /** hello's replies as the dashboard's metrics count them, every revision together. */
    private static long dashboardRequests(DashboardClient dashboard) {
        long total = 0;
        for (JsonNode item : DashboardClient.json(dashboard.get("/api/v1/metrics")).path("revisions")) {
            if (item.path("function").asText().equals("hello")) {
                total += item.path("requests").asLong();
            }
        }
        return total;
    }

    /** The percent of the function's status traffic on the revision, match rules left out. */
    private static int percentOf(Function function, String revision) {
        if (function == null || function.getStatus() == null) {
            return 0;
        }
        return function.getStatus().traffic.stream()
                .filter(t -> revision.equals(t.revisionName) && t.match == null && t.percent != null)
                .mapToInt(t -> t.percent).sum();
    }

    @Test
    @Order(9)
    void anHttpCallIsOneTraceFromGatewayToFunction() {
        // a function of its own (the greeter's source, which traces): earlier scenarios moved the greeter's traffic
        platform.deploy(FunctionFolder.copyOf("greeter").renamed("traced-greeter"));
        String traceId = TraceReceiver.newTraceId();
        String callerSpan = TraceReceiver.newSpanId();

        HttpResponse<String> response = gateway.post("/fn/traced-greeter", "{\"name\":\"Ada\"}",
                "traceparent", TraceReceiver.traceparent(traceId, callerSpan));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        await("the gateway's and the function's spans in trace " + traceId).atMost(ROUTES_LIMIT)
                .untilAsserted(() -> traces.assertJoined(traceId, callerSpan, TraceReceiver.Span.SERVER,
                        "traced-greeter"));
    }

    /**
     * Deploys a new revision and gives all traffic to the latest ready revision (an earlier scenario may have pinned
     * it to named revisions), so each scenario starts from its own revision serving.
     */
    private String deployServing(FunctionFolder folder) {
        String revision = platform.deploy(folder);
        platform.traffic(folder.name(), "@latest=100");
        await(revision + " serving").atMost(ROUTES_LIMIT)
                .until(() -> Gateway.revision(gateway.post("/fn/" + folder.name(), "{}")).equals(revision));
        return revision;
    }

    private void awaitGreeting(String message, String revision) {
        await("greeter answers " + message + " from " + revision).atMost(ROUTES_LIMIT).untilAsserted(() -> {
            HttpResponse<String> response = gateway.post("/fn/greeter", "{\"name\":\"Ada\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains(message);
            assertThat(Gateway.revision(response)).isEqualTo(revision);
        });
    }

    /** Waits until the steady load got more than 50 answers from the revision; a timeout shows what it got. */
    private static void awaitAnswersFrom(String revision, Load load, Duration limit) {
        await("load served by " + revision).atMost(limit).untilAsserted(() -> assertThat(
                load.tally().byRevision().getOrDefault(revision, 0))
                .as("answers from %s; the load so far: %s", revision, load.tally())
                .isGreaterThan(50));
    }
}
