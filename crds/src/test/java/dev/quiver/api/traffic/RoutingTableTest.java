package dev.quiver.api.traffic;

import static dev.quiver.api.testing.Functions.headerRouted;
import static dev.quiver.api.testing.Functions.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.testing.Functions;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The gateway's choice of revision: match rules in spec order before the weighted split; tags reach their revision. */
class RoutingTableTest {

    private static final RoutingTable.Request PLAIN = request(Map.of(), Map.of());

    @Test
    void splitPlacesUniformValuesInProportionToThePercents() {
        RoutingTable table = RoutingTable.of(List.of(target("hello-00002", 90), target("hello-00001", 10)));

        assertThat(countChoices(table, PLAIN)).containsExactly(Map.entry("hello-00001", 10), Map.entry("hello-00002", 90));
    }

    @Test
    void threeWaySplitFollowsSpecOrderAlongTheUnitInterval() {
        RoutingTable table = RoutingTable.of(List.of(target("a-00001", 50), target("a-00002", 30), target("a-00003", 20)));

        assertThat(table.choose(PLAIN, 0.0)).contains("a-00001");
        assertThat(table.choose(PLAIN, 0.49)).contains("a-00001");
        assertThat(table.choose(PLAIN, 0.50)).contains("a-00002");
        assertThat(table.choose(PLAIN, 0.79)).contains("a-00002");
        assertThat(table.choose(PLAIN, 0.80)).contains("a-00003");
        assertThat(table.choose(PLAIN, 0.999)).contains("a-00003");
    }

    @Test
    void zeroPercentTargetsNeverTakeSplitTraffic() {
        RoutingTable table = RoutingTable.of(List.of(target("hello-00002", 100), target("hello-00001", 0).withTag("old")));

        assertThat(countChoices(table, PLAIN)).containsExactly(Map.entry("hello-00002", 100));
    }

    @Test
    void headerRuleIsTriedBeforeTheSplit() {
        RoutingTable table = RoutingTable.of(List.of(target("hello-00002", 100),
                headerRouted("hello-00003", "feature-x", "x-group", "test")));
        RoutingTable.Request tester = request(Map.of("x-group", "test"), Map.of());

        assertThat(countChoices(table, tester)).containsExactly(Map.entry("hello-00003", 100));
        assertThat(table.choose(request(Map.of("x-group", "prod"), Map.of()), 0.5)).contains("hello-00002");
    }

    @Test
    void firstMatchingRuleInSpecOrderWins() {
        RoutingTable table = RoutingTable.of(List.of(target("hello-00001", 100),
                headerRouted("hello-00002", null, "x-group", "test"),
                headerRouted("hello-00003", null, "x-group", "test")));

        assertThat(table.choose(request(Map.of("x-group", "test"), Map.of()), 0.5)).contains("hello-00002");
    }

    @Test
    void ruleNeedsEveryHeaderAndCookieToMatch() {
        TrafficTarget rule = headerRouted("hello-00003", null, "x-group", "test");
        rule.match.cookies.put("canary", prefix("yes"));
        RoutingTable table = RoutingTable.of(List.of(target("hello-00001", 100), rule));

        assertThat(table.choose(request(Map.of("x-group", "test"), Map.of("canary", "yes-please")), 0.5)).contains("hello-00003");
        assertThat(table.choose(request(Map.of("x-group", "test"), Map.of()), 0.5)).contains("hello-00001");
        assertThat(table.choose(request(Map.of(), Map.of("canary", "yes")), 0.5)).contains("hello-00001");
    }

    @Test
    void cookiePrefixMatchesValuesStartingWithIt() {
        TrafficTarget rule = new TrafficTarget();
        rule.revisionName = "hello-00003";
        rule.match = new TrafficMatch();
        rule.match.cookies.put("group", prefix("beta-"));
        RoutingTable table = RoutingTable.of(List.of(target("hello-00001", 100), rule));

        assertThat(table.choose(request(Map.of(), Map.of("group", "beta-7")), 0.5)).contains("hello-00003");
        assertThat(table.choose(request(Map.of(), Map.of("group", "alpha-beta-7")), 0.5)).contains("hello-00001");
    }

    @Test
    void tagReachesItsRevisionWhateverItsPercent() {
        RoutingTable table = RoutingTable.of(List.of(target("hello-00002", 100).withTag("current"),
                target("hello-00001", 0).withTag("stable"), headerRouted("hello-00003", "feature-x", "x-group", "test")));

        assertThat(table.revisionForTag("stable")).contains("hello-00001");
        assertThat(table.revisionForTag("feature-x")).contains("hello-00003");
        assertThat(table.revisionForTag("nope")).isEmpty();
        assertThat(table.tags()).containsOnlyKeys("current", "stable", "feature-x");
    }

    @Test
    void matchRuleAloneLetsACallerOrderRulesThenTagThenSplit() {
        RoutingTable table = RoutingTable.of(List.of(target("hello-00002", 100).withTag("current"),
                headerRouted("hello-00003", null, "x-group", "test")));

        assertThat(table.matchRule(request(Map.of("x-group", "test"), Map.of()))).contains("hello-00003");
        assertThat(table.matchRule(PLAIN)).isEmpty();
    }

    @Test
    void onlyRulesAndNoSplitChoosesNothingForOtherRequests() {
        RoutingTable table = RoutingTable.of(List.of(headerRouted("hello-00003", null, "x-group", "test")));

        assertThat(table.choose(PLAIN, 0.3)).isEmpty();
    }

    @Test
    void resolvedTrafficDrivesTheTable() {
        TrafficResolution resolution = TrafficResolver.resolve(
                Functions.withTraffic("hello").build().getSpec().traffic, "hello-00002",
                Set.of("hello-00001", "hello-00002", "hello-00003"),
                Set.of("hello-00001", "hello-00002", "hello-00003"), "http://gw/fn/hello");

        RoutingTable table = RoutingTable.of(resolution.targets());

        assertThat(countChoices(table, PLAIN)).containsExactly(Map.entry("hello-00001", 10), Map.entry("hello-00002", 90));
        assertThat(table.choose(request(Map.of("x-group", "test"), Map.of()), 0.0)).contains("hello-00003");
    }

    /** Chooses for uniform values 0.00, 0.01 … 0.99 and counts the revisions. */
    private static Map<String, Integer> countChoices(RoutingTable table, RoutingTable.Request request) {
        return IntStream.range(0, 100).mapToObj(i -> table.choose(request, i / 100.0).orElseThrow())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.summingInt(r -> 1)));
    }

    private static TrafficTarget target(String revision, int percent) {
        return TrafficTarget.revision(revision, percent);
    }

    private static RoutingTable.Request request(Map<String, String> headers, Map<String, String> cookies) {
        return new RoutingTable.Request() {
            @Override
            public String header(String name) {
                return headers.get(name);
            }

            @Override
            public String cookie(String name) {
                return cookies.get(name);
            }
        };
    }
}
