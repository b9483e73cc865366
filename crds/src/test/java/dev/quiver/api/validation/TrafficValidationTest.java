package dev.quiver.api.validation;

import static dev.quiver.api.testing.Functions.prefix;
import static dev.quiver.api.validation.InvalidFunctions.invalid;
import static dev.quiver.api.validation.InvalidFunctions.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.Function;
import dev.quiver.api.testing.Functions;
import dev.quiver.api.StickySplit;
import dev.quiver.api.StringMatch;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The traffic: targets, percents, tags, match rules and the sticky split. */
class TrafficValidationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFunctions")
    void invalidFunctionReportsExactlyItsProblems(Function function, Problem[] expected) {
        assertThat(FunctionValidator.validate(function)).containsExactly(expected);
    }

    static Stream<Arguments> invalidFunctions() {
        return Stream.of(
                // traffic
                invalid("traffic target naming no revision", f -> {
                    TrafficTarget neither = TrafficTarget.latest(100);
                    neither.latestRevision = null;
                    f.getSpec().traffic.add(neither);
                }, problem("spec.traffic[0]", "needs revisionName or latestRevision: true")),
                invalid("traffic target naming a revision and latest", f -> {
                    TrafficTarget both = TrafficTarget.revision("hello-00001", 100);
                    both.latestRevision = true;
                    f.getSpec().traffic.add(both);
                }, problem("spec.traffic[0]", "sets both revisionName and latestRevision: true; keep one")),
                invalid("traffic to another function's revision", f -> f.getSpec().traffic.add(TrafficTarget.revision("other-00001", 100)),
                        problem("spec.traffic[0].revisionName", "'other-00001' is not a revision of hello; revisions are named hello-00001, hello-00002…")),
                invalid("revision number too large for any revision", f -> f.getSpec().traffic.add(TrafficTarget.revision("hello-99999999999", 100)),
                        problem("spec.traffic[0].revisionName", "'hello-99999999999' is not a revision of hello; revisions are named hello-00001, hello-00002…")),
                invalid("percent over 100", f -> f.getSpec().traffic.add(TrafficTarget.latest(101)),
                        problem("spec.traffic[0].percent", "must be between 0 and 100, got 101"),
                        problem("spec.traffic", "the percents of the targets without a match rule add up to 101; they must add up to 100")),
                invalid("negative percent", f -> {
                    f.getSpec().traffic.add(TrafficTarget.latest(110));
                    f.getSpec().traffic.add(TrafficTarget.revision("hello-00001", -10));
                }, problem("spec.traffic[0].percent", "must be between 0 and 100, got 110"),
                        problem("spec.traffic[1].percent", "must be between 0 and 100, got -10")),
                invalid("percents summing to 95", f -> {
                    f.getSpec().traffic.add(TrafficTarget.latest(90));
                    f.getSpec().traffic.add(TrafficTarget.revision("hello-00001", 5));
                }, problem("spec.traffic", "the percents of the targets without a match rule add up to 95; they must add up to 100")),
                invalid("only header-routed targets", f -> f.getSpec().traffic.add(Functions.headerRouted("hello-00002", null, "x-group", "test")),
                        problem("spec.traffic", "the percents of the targets without a match rule add up to 0; they must add up to 100")),
                invalid("duplicate tags", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(1).tag = "current"),
                        problem("spec.traffic[1].tag", "'current' is used by another target; tags must be unique")),
                invalid("tag with capitals", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(1).tag = "Stable"),
                        problem("spec.traffic[1].tag", "'Stable' must be lowercase letters, digits and '-', starting with a letter")),
                invalid("match rule on the latest revision", Functions.withTraffic("hello").with(f -> {
                    f.getSpec().traffic.get(2).revisionName = null;
                    f.getSpec().traffic.get(2).latestRevision = true;
                }), problem("spec.traffic[2].match", "a target with a match rule must name a revision (revisionName), so testers reach a fixed revision")),
                invalid("match rule with a percent", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(2).percent = 5),
                        problem("spec.traffic[2].percent", "a target with a match rule receives only matching requests; remove percent")),
                invalid("empty match rule", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(2).match = new TrafficMatch()),
                        problem("spec.traffic[2].match", "needs at least one header or cookie to match")),
                invalid("header match with exact and prefix", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(2).match.headers.get("x-group").prefix = "te"),
                        problem("spec.traffic[2].match.headers.x-group", "needs exactly one of exact or prefix")),
                invalid("cookie match with neither exact nor prefix", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(2).match.cookies.put("canary", new StringMatch())),
                        problem("spec.traffic[2].match.cookies.canary", "needs exactly one of exact or prefix")),
                invalid("header name with a space", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(2).match.headers.put("x group", prefix("t"))),
                        problem("spec.traffic[2].match.headers", "'x group' is not a valid header name")),
                invalid("url in the spec", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(0).url = "http://gateway/fn/hello"),
                        problem("spec.traffic[0].url", "is set by Quiver in status.traffic; remove it from the spec")),
                // sticky split
                invalid("sticky with both cookie and header", f -> {
                    f.getSpec().sticky = StickySplit.byCookie("quiver-split");
                    f.getSpec().sticky.header = "x-user";
                }, problem("spec.sticky", "needs exactly one of cookie or header, e.g. sticky: {cookie: quiver-split}")),
                invalid("sticky with neither", f -> f.getSpec().sticky = new StickySplit(),
                        problem("spec.sticky", "needs exactly one of cookie or header, e.g. sticky: {cookie: quiver-split}")),
                invalid("sticky cookie name with '=' and a space", f -> f.getSpec().sticky = StickySplit.byCookie("a=b c"),
                        problem("spec.sticky.cookie", "'a=b c' is not a valid cookie name: use up to 128 letters, digits "
                                + "and !#$%&'*+.^_`|~- (no spaces, '=', ';', ',' or quotes), e.g. quiver-split")),
                invalid("sticky header name with a colon", f -> f.getSpec().sticky = StickySplit.byHeader("x-user:"),
                        problem("spec.sticky.header", "'x-user:' is not a valid header name: use up to 128 letters, digits "
                                + "and !#$%&'*+.^_`|~- (no spaces, '=', ';', ',' or quotes), e.g. quiver-split")));
    }
}
