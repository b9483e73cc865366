package dev.quiver.api.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.StickySplit;
import dev.quiver.api.StringMatch;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A sticky split: the hash of a cookie or header places a user in the weighted split, so one user stays on one
 * revision whatever the random draw, and a canary that grows only gains users.
 */
class StickySplitTest {

    private static final StickySplit BY_COOKIE = StickySplit.byCookie("quiver-split");

    @Test
    void eachOfAThousandCookiesStaysOnOneRevisionOverManyRequests() {
        RoutingTable table = RoutingTable.of(List.of(target("hello-00001", 50), target("hello-00002", 50)), BY_COOKIE);
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Integer> users = new HashMap<>();

        for (int user = 0; user < 1000; user++) {
            RoutingTable.Request request = cookie("quiver-split", "user-" + user);
            String first = table.choose(request, random.nextDouble()).orElseThrow();
            for (int i = 0; i < 20; i++) {
                assertThat(table.choose(request, random.nextDouble())).as("user-%d, request %d", user, i).contains(first);
            }
            users.merge(first, 1, Integer::sum);
        }

        assertThat(users.get("hello-00002")).as("users per revision %s", users).isBetween(430, 570);
    }

    @Test
    void growingTheCanaryNeverMovesAStickyUserBackToStable() {
        List<Integer> steps = List.of(5, 10, 25, 50, 75, 100);
        Map<String, String> previous = new HashMap<>();
        for (int canary : steps) {
            // spec order with the stable revision first: the table orders the split itself
            RoutingTable table = RoutingTable.of(List.of(target("hello-00001", 100 - canary),
                    target("hello-00002", canary)), BY_COOKIE);
            int onCanary = 0;
            for (int user = 0; user < 2000; user++) {
                String revision = table.choose(cookie("quiver-split", "user-" + user), 0.0).orElseThrow();
                String before = previous.put("user-" + user, revision);
                if ("hello-00002".equals(before)) {
                    assertThat(revision).as("user-%d at %d %%", user, canary).isEqualTo("hello-00002");
                }
                onCanary += revision.equals("hello-00002") ? 1 : 0;
            }
            assertThat(onCanary / 20.0).as("percent of users on the canary at %d %%", canary)
                    .isBetween(canary - 3.5, canary + 3.5);
        }
    }

    @Test
    void theNewestRevisionHoldsTheLowestRangeWhateverTheSpecOrder() {
        List<TrafficTarget> stableFirst = List.of(target("hello-00009", 80), target("hello-00010", 20));
        List<TrafficTarget> canaryFirst = List.of(target("hello-00010", 20), target("hello-00009", 80));

        for (int user = 0; user < 500; user++) {
            RoutingTable.Request request = cookie("quiver-split", "user-" + user);
            assertThat(RoutingTable.of(stableFirst, BY_COOKIE).choose(request, 0.5))
                    .isEqualTo(RoutingTable.of(canaryFirst, BY_COOKIE).choose(request, 0.5))
                    .contains(StickyHash.point("user-" + user) < 0.2 ? "hello-00010" : "hello-00009");
        }
    }

    @Test
    void aHeaderKeepsItsCallerOnOneRevision() {
        RoutingTable table = RoutingTable.of(List.of(target("hello-00001", 50), target("hello-00002", 50)),
                StickySplit.byHeader("x-user-id"));

        for (int user = 0; user < 200; user++) {
            RoutingTable.Request request = header("x-user-id", "caller-" + user);
            String first = table.choose(request, 0.0).orElseThrow();
            assertThat(table.choose(request, 0.999)).contains(first);
        }
    }

    @Test
    void withoutTheCookieTheRandomNumberPlacesTheRequest() {
        RoutingTable table = RoutingTable.of(List.of(target("hello-00001", 50), target("hello-00002", 50)), BY_COOKIE);

        assertThat(table.choose(cookie("other", "x"), 0.1)).contains("hello-00002");
        assertThat(table.choose(cookie("other", "x"), 0.9)).contains("hello-00001");
        assertThat(table.choose(cookie("quiver-split", ""), 0.9)).as("an empty value").contains("hello-00001");
        assertThat(table.stickyCookie()).isEqualTo("quiver-split");
        assertThat(RoutingTable.of(List.of(target("hello-00001", 100))).stickyCookie()).isNull();
    }

    @Test
    void aMatchRuleStillWinsOverTheStickyCookie() {
        TrafficTarget testers = target("hello-00003", 0);
        testers.match = new TrafficMatch();
        testers.match.headers.put("x-group", StringMatch.exact("test"));
        RoutingTable table = RoutingTable.of(List.of(target("hello-00001", 50), target("hello-00002", 50), testers),
                BY_COOKIE);

        RoutingTable.Request tester = new MapRequest(Map.of("x-group", "test"), Map.of("quiver-split", "user-1"));
        assertThat(table.choose(tester, 0.5)).contains("hello-00003");
    }

    @Test
    void theHashIsStableAndSpreadsValuesEvenly() {
        // fixed here so that a change of the hash, which would move every sticky user at once, fails a test
        assertThat(StickyHash.point("user-1")).isEqualTo(StickyHash.point("user-1"));
        assertThat(StickyHash.point("")).as("SHA-256 of nothing starts e3b0c44298fc1c14")
                .isEqualTo((0xe3b0c44298fc1c14L >>> 11) * 0x1.0p-53);
        long[] deciles = new long[10];
        IntStream.range(0, 100_000).forEach(i -> deciles[(int) (StickyHash.point("v" + i) * 10)]++);
        for (int decile = 0; decile < 10; decile++) {
            assertThat(deciles[decile]).as("values in decile %d", decile).isBetween(9_500L, 10_500L);
        }
    }

    private static TrafficTarget target(String revision, int percent) {
        return TrafficTarget.revision(revision, percent);
    }

    private static RoutingTable.Request cookie(String name, String value) {
        return new MapRequest(Map.of(), Map.of(name, value));
    }

    private static RoutingTable.Request header(String name, String value) {
        return new MapRequest(Map.of(name, value), Map.of());
    }

    private record MapRequest(Map<String, String> headers, Map<String, String> cookies) implements RoutingTable.Request {
        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public String cookie(String name) {
            return cookies.get(name);
        }
    }
}
