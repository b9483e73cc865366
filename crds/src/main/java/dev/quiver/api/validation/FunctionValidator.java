package dev.quiver.api.validation;

import dev.quiver.api.HealthProbe;
import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.api.contract.Probes;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Durations;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionSpec;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.HttpAuth;
import dev.quiver.api.HttpTrigger;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.ScheduleTrigger;
import dev.quiver.api.StickySplit;
import dev.quiver.api.rollout.TrafficSplit;
import dev.quiver.api.StringMatch;
import dev.quiver.api.Subjects;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.Triggers;
import dev.quiver.api.revisions.RevisionNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a Function the way its CRD schema does, and further: it reports every problem at once, each with
 * its field path and a message a person can act on. The controller runs it because not every API server
 * (nor the mock one in tests) enforces the schema, and {@code quiver dev} runs it on {@code function.yaml}.
 *
 * <p>Beyond the schema it keeps a Function from breaking what the platform gives every replica and from leaking
 * what it handles: {@code SourceChecks} (https/ssh sources, a git revision that is no option, an archive's
 * SHA-256), {@code EnvChecks} (no variable the platform sets, none starting with {@code QUIVER_} but
 * {@code QUIVER_GATEWAY_URL}, {@code QUIVER_DRAIN_TIMEOUT}, {@code QUIVER_CLIENT_TIMEOUT} and
 * {@code QUIVER_DEFAULT_FUNCTION}, no {@code QUARKUS_HTTP_HOST}, 64 KiB a value and 256 KiB in all) and
 * {@code ConfigChecks} (names that leave room for each revision's copy, mounts off {@code /}, {@code /tmp},
 * {@code /etc}, {@code /proc}, {@code /sys} and {@code /dev}, no {@code ..}) and {@link SubjectRules} (triggers
 * keep off full wildcards, reserved subjects and streams and, on a cluster, other namespaces' subjects).
 */
public final class FunctionValidator {

    /** Longest function name: a revision name adds 6 characters and must stay a DNS label. */
    public static final int MAX_NAME_LENGTH = 52;

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$");
    private static final int MAX_STICKY_NAME = 128;
    private static final Pattern STREAM_NAME = Pattern.compile("^[A-Za-z0-9_-]+$");

    private final List<Problem> problems = new ArrayList<>();
    private final SubjectRules subjectRules;

    private FunctionValidator(SubjectRules subjectRules) {
        this.subjectRules = subjectRules;
    }

    /** Every problem of the Function under the rules of every platform ({@link SubjectRules#open()}). */
    public static List<Problem> validate(Function function) {
        return validate(function, SubjectRules.open());
    }

    /** Every problem of the Function, its triggers' subjects checked by these rules; empty when it is valid. */
    public static List<Problem> validate(Function function, SubjectRules subjectRules) {
        FunctionValidator validator = new FunctionValidator(subjectRules);
        validator.check(function);
        return List.copyOf(validator.problems);
    }

    private void report(String path, String message) {
        problems.add(new Problem(path, message));
    }

    private void check(Function function) {
        String name = function.getMetadata() == null ? null : function.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            report("metadata.name", "is required");
        } else if (name.length() > MAX_NAME_LENGTH || !DNS_LABEL.matcher(name).matches()) {
            report("metadata.name", "'" + name + "' must be at most " + MAX_NAME_LENGTH
                    + " lowercase letters, digits and '-', starting with a letter and ending with a letter or digit");
        }
        FunctionSpec spec = function.getSpec();
        if (spec == null) {
            report("spec", "is required: set spec.image or spec.build");
            return;
        }
        new SourceChecks(this::report).check(spec);
        checkTemplate(name, spec.templateOrDefault());
        checkTriggers(spec.triggersOrDefault());
        problems.addAll(subjectRules.check(function));
        checkTraffic(name, spec.traffic);
        checkSticky(spec.sticky);
        problems.addAll(RolloutChecks.check(spec.rollout));
        checkRolloutTags(spec);
    }

    /** The rollout names its two revisions by tag; a user's target with the same tag would make the tag ambiguous. */
    private void checkRolloutTags(FunctionSpec spec) {
        if (spec.rollout == null || spec.traffic == null) {
            return;
        }
        for (int i = 0; i < spec.traffic.size(); i++) {
            String tag = spec.traffic.get(i).tag;
            if (TrafficSplit.CANARY_TAG.equals(tag) || TrafficSplit.STABLE_TAG.equals(tag)) {
                report("spec.traffic[" + i + "].tag", "'" + tag + "' is the rollout's tag for its "
                        + (TrafficSplit.CANARY_TAG.equals(tag) ? "new" : "stable") + " revision while spec.rollout is "
                        + "set; choose another tag");
            }
        }
    }

    private void checkTemplate(String functionName, FunctionTemplate template) {
        new EnvChecks(this::report).check(template.env);
        new ConfigChecks(this::report, functionName).check(template);
        if (template.timeoutSeconds != null && (template.timeoutSeconds < 1 || template.timeoutSeconds > 3600)) {
            report("spec.template.timeoutSeconds", "must be between 1 and 3600, got " + template.timeoutSeconds);
        }
        if (template.containerConcurrency != null && (template.containerConcurrency < 0 || template.containerConcurrency > 1000)) {
            report("spec.template.containerConcurrency", "must be between 0 (no limit) and 1000, got " + template.containerConcurrency);
        }
        if (template.scale != null) {
            checkScale(template.scale);
        }
        checkProbe("spec.template.readinessProbe", template.readinessProbe);
        checkProbe("spec.template.livenessProbe", template.livenessProbe);
    }

    /** A probe goes straight to the replica on the function's own port: not through the gateway, not elsewhere. */
    private void checkProbe(String path, HealthProbe probe) {
        if (probe == null) {
            return;
        }
        if ((probe.httpGet == null) == (probe.tcpSocket == null)) {
            report(path, "needs exactly one of httpGet (a path the app answers 2xx on) or tcpSocket (a connect to $PORT)");
            return;
        }
        Integer port = probe.httpGet != null ? probe.httpGet.port : probe.tcpSocket.port;
        String portPath = path + (probe.httpGet != null ? ".httpGet.port" : ".tcpSocket.port");
        if (port != null && port != FunctionEnvironment.POD_PORT) {
            report(portPath, "port " + port + " is not the function's port: probes go to the port the function serves "
                    + "on ($PORT, " + FunctionEnvironment.POD_PORT + " in a pod, a free one per local replica); leave "
                    + "port out");
        }
        if (probe.httpGet != null) {
            String probePath = probe.httpGet.path;
            if (probePath == null || !probePath.startsWith("/") || probePath.chars().anyMatch(c -> c <= ' ')
                    || probePath.contains("?") || probePath.contains("#")) {
                report(path + ".httpGet.path", "'" + probePath + "' must be a path starting with '/', without spaces, "
                        + "query or fragment, e.g. /q/health/ready");
            } else if (probePath.startsWith(Probes.GATEWAY_PREFIX) || probePath.equals("/fn")) {
                report(path + ".httpGet.path", "'" + probePath + "' is the gateway's route, which the function never "
                        + "sees: probes go straight to the app, so use its own path, e.g. /q/health/ready");
            }
        }
    }

    private void checkScale(ScaleSpec scale) {
        if (scale.min != null && (scale.min < 0 || scale.min > 1000)) {
            report("spec.template.scale.min", "must be between 0 and 1000, got " + scale.min);
        }
        if (scale.max != null && (scale.max < 1 || scale.max > 1000)) {
            report("spec.template.scale.max", "must be between 1 and 1000, got " + scale.max);
        }
        if (scale.minOrDefault() > scale.maxOrDefault()) {
            report("spec.template.scale", "min (" + scale.minOrDefault() + ") is greater than max (" + scale.maxOrDefault() + ")");
        }
        if (scale.target != null && (scale.target < 1 || scale.target > 10000)) {
            report("spec.template.scale.target", "must be between 1 and 10000 requests in flight per replica, got " + scale.target);
        }
        checkDuration("spec.template.scale.scaleToZeroGracePeriod", scale.scaleToZeroGracePeriod);
    }

    private void checkDuration(String path, String duration) {
        if (duration != null && !Durations.isValid(duration)) {
            report(path, "'" + duration + "' is not a duration; write it like 500ms, 30s, 5m or 1h30m");
        }
    }

    private void checkTriggers(Triggers triggers) {
        checkHttp(triggers.httpOrDefault());
        for (int i = 0; i < triggers.nats.size(); i++) {
            NatsTrigger nats = triggers.nats.get(i);
            checkSubject("spec.triggers.nats[" + i + "].subject", nats.subject);
            if (nats.queueGroup != null && !nats.queueGroup.matches("^[A-Za-z0-9_.-]+$")) {
                report("spec.triggers.nats[" + i + "].queueGroup", "'" + nats.queueGroup + "' may hold only letters, digits, '_', '.' and '-'");
            }
        }
        Set<String> durables = new HashSet<>();
        for (int i = 0; i < triggers.jetstream.size(); i++) {
            checkJetStream("spec.triggers.jetstream[" + i + "]", triggers.jetstream.get(i), durables);
        }
        for (int i = 0; i < triggers.schedule.size(); i++) {
            checkSchedule("spec.triggers.schedule[" + i + "]", triggers.schedule.get(i));
        }
    }

    private void checkHttp(HttpTrigger http) {
        if (http.authOrDefault() == HttpAuth.ApiKey
                && (http.apiKeySecret == null || http.apiKeySecret.getName() == null || http.apiKeySecret.getKey() == null)) {
            report("spec.triggers.http.apiKeySecret", "auth ApiKey needs the name and key of the Secret that holds the API key");
        }
    }

    private void checkSubject(String path, String subject) {
        if (subject == null || subject.isEmpty()) {
            report(path, "is required");
        } else if (!Subjects.isValid(subject)) {
            report(path, "'" + subject + "' is not a NATS subject: dot-separated tokens without spaces, '*' for one token, '>' only at the end");
        }
    }

    private void checkJetStream(String path, JetStreamTrigger js, Set<String> durables) {
        if (js.stream == null || !STREAM_NAME.matcher(js.stream).matches()) {
            report(path + ".stream", js.stream == null ? "is required" : "'" + js.stream + "' may hold only letters, digits, '_' and '-'");
        }
        checkSubject(path + ".subject", js.subject);
        if (js.durable != null && !STREAM_NAME.matcher(js.durable).matches()) {
            report(path + ".durable", "'" + js.durable + "' may hold only letters, digits, '_' and '-'");
        } else if (js.durable != null && !durables.add(js.durable)) {
            report(path + ".durable", js.durable + " is used by another JetStream trigger of this function");
        }
        if (js.maxDeliver != null && (js.maxDeliver < 1 || js.maxDeliver > 100)) {
            report(path + ".maxDeliver", "must be between 1 and 100, got " + js.maxDeliver);
        }
        if (js.maxAckPending != null && (js.maxAckPending < 1 || js.maxAckPending > 100000)) {
            report(path + ".maxAckPending", "must be between 1 and 100000, got " + js.maxAckPending);
        }
        checkDuration(path + ".ackWait", js.ackWait);
        for (int b = 0; b < js.backoff.size(); b++) {
            checkDuration(path + ".backoff[" + b + "]", js.backoff.get(b));
        }
        if (js.deadLetterSubject != null && !Subjects.isLiteral(js.deadLetterSubject)) {
            report(path + ".deadLetterSubject", "'" + js.deadLetterSubject + "' must be a subject without wildcards");
        }
    }

    private void checkSchedule(String path, ScheduleTrigger schedule) {
        String cronProblem = Cron.problem(schedule.cron);
        if (cronProblem != null) {
            report(path + ".cron", cronProblem);
        }
        if (schedule.timeZone != null) {
            try {
                ZoneId.of(schedule.timeZone);
            } catch (DateTimeException e) {
                report(path + ".timeZone", "'" + schedule.timeZone + "' is not a time zone; use an IANA name such as Europe/Paris or UTC");
            }
        }
        String dataProblem = jsonProblem(schedule.data);
        if (dataProblem != null) {
            report(path + ".data", dataProblem);
        }
    }

    /** What is wrong with a JSON document, or null; blank counts as valid (it means {}). */
    private static String jsonProblem(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try (JsonParser parser = ApiJson.json().createParser(text)) {
            parser.readValueAsTree();
            // readTree alone accepts "{} x": the runtime would then send a body the user did not mean.
            return parser.nextToken() == null ? null : "holds more than one JSON value; wrap them in one array or object";
        } catch (JsonProcessingException e) {
            return "is not valid JSON: " + e.getOriginalMessage();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    private void checkTraffic(String functionName, List<TrafficTarget> traffic) {
        if (traffic == null || traffic.isEmpty()) {
            return;
        }
        int sum = 0;
        Set<String> tags = new HashSet<>();
        for (int i = 0; i < traffic.size(); i++) {
            TrafficTarget target = traffic.get(i);
            String path = "spec.traffic[" + i + "]";
            boolean named = target.revisionName != null;
            if (named == target.followsLatest()) {
                report(path, named ? "sets both revisionName and latestRevision: true; keep one"
                        : "needs revisionName or latestRevision: true");
            }
            if (named && functionName != null && RevisionNames.number(functionName, target.revisionName).isEmpty()) {
                report(path + ".revisionName", "'" + target.revisionName + "' is not a revision of " + functionName
                        + "; revisions are named " + RevisionNames.of(functionName, 1) + ", " + RevisionNames.of(functionName, 2) + "…");
            }
            if (target.percent != null && (target.percent < 0 || target.percent > 100)) {
                report(path + ".percent", "must be between 0 and 100, got " + target.percent);
            }
            if (target.tag != null && (!DNS_LABEL.matcher(target.tag).matches() || target.tag.length() > 63)) {
                report(path + ".tag", "'" + target.tag + "' must be lowercase letters, digits and '-', starting with a letter");
            } else if (target.tag != null && !tags.add(target.tag)) {
                report(path + ".tag", "'" + target.tag + "' is used by another target; tags must be unique");
            }
            if (target.url != null) {
                report(path + ".url", "is set by Quiver in status.traffic; remove it from the spec");
            }
            if (target.match == null) {
                sum += target.percentOrZero();
            } else {
                checkMatch(path, target);
            }
        }
        if (sum != 100) {
            report("spec.traffic", "the percents of the targets without a match rule add up to " + sum + "; they must add up to 100");
        }
    }

    private void checkSticky(StickySplit sticky) {
        if (sticky == null) {
            return;
        }
        if ((sticky.cookie == null) == (sticky.header == null)) {
            report("spec.sticky", "needs exactly one of cookie or header, e.g. sticky: {cookie: quiver-split}");
        }
        checkToken("spec.sticky.cookie", "cookie", sticky.cookie);
        checkToken("spec.sticky.header", "header", sticky.header);
    }

    private void checkToken(String path, String what, String name) {
        if (name != null && (!HEADER_NAME.matcher(name).matches() || name.length() > MAX_STICKY_NAME)) {
            report(path, "'" + name + "' is not a valid " + what + " name: use up to " + MAX_STICKY_NAME
                    + " letters, digits and !#$%&'*+.^_`|~- (no spaces, '=', ';', ',' or quotes), e.g. quiver-split");
        }
    }

    private void checkMatch(String path, TrafficTarget target) {
        TrafficMatch match = target.match;
        if (target.revisionName == null) {
            report(path + ".match", "a target with a match rule must name a revision (revisionName), so testers reach a fixed revision");
        }
        if (target.percentOrZero() != 0) {
            report(path + ".percent", "a target with a match rule receives only matching requests; remove percent");
        }
        if (match.headers.isEmpty() && match.cookies.isEmpty()) {
            report(path + ".match", "needs at least one header or cookie to match");
        }
        for (Map.Entry<String, StringMatch> header : match.headers.entrySet()) {
            if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                report(path + ".match.headers", "'" + header.getKey() + "' is not a valid header name");
            }
            checkStringMatch(path + ".match.headers." + header.getKey(), header.getValue());
        }
        for (Map.Entry<String, StringMatch> cookie : match.cookies.entrySet()) {
            checkStringMatch(path + ".match.cookies." + cookie.getKey(), cookie.getValue());
        }
    }

    private void checkStringMatch(String path, StringMatch match) {
        if (match == null || (match.exact == null) == (match.prefix == null)) {
            report(path, "needs exactly one of exact or prefix");
        }
    }
}
