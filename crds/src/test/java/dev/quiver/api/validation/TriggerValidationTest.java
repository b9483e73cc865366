package dev.quiver.api.validation;

import static dev.quiver.api.testing.Functions.jetStream;
import static dev.quiver.api.validation.InvalidFunctions.DURATION_RULE;
import static dev.quiver.api.validation.InvalidFunctions.SUBJECT_RULE;
import static dev.quiver.api.validation.InvalidFunctions.invalid;
import static dev.quiver.api.validation.InvalidFunctions.nats;
import static dev.quiver.api.validation.InvalidFunctions.problem;
import static dev.quiver.api.validation.InvalidFunctions.schedule;
import static dev.quiver.api.validation.InvalidFunctions.triggers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.Function;
import dev.quiver.api.HttpAuth;
import dev.quiver.api.HttpTrigger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The triggers: NATS, JetStream, schedules and HTTP authentication. */
class TriggerValidationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFunctions")
    void invalidFunctionReportsExactlyItsProblems(Function function, Problem[] expected) {
        assertThat(FunctionValidator.validate(function)).containsExactly(expected);
    }

    static Stream<Arguments> invalidFunctions() {
        return Stream.of(
                // NATS
                invalid("NATS subject missing", f -> f.getSpec().triggers = triggers(t -> t.nats.add(nats(null, null))),
                        problem("spec.triggers.nats[0].subject", "is required")),
                invalid("NATS subject with a space", f -> f.getSpec().triggers = triggers(t -> t.nats.add(nats("link events", null))),
                        problem("spec.triggers.nats[0].subject", "'link events'" + SUBJECT_RULE)),
                invalid("NATS subject with > before the end", f -> f.getSpec().triggers = triggers(t -> t.nats.add(nats("links.>.x", null))),
                        problem("spec.triggers.nats[0].subject", "'links.>.x'" + SUBJECT_RULE)),
                invalid("NATS queue group with a slash", f -> f.getSpec().triggers = triggers(t -> t.nats.add(nats("links", "a/b"))),
                        problem("spec.triggers.nats[0].queueGroup", "'a/b' may hold only letters, digits, '_', '.' and '-'")),
                // JetStream
                invalid("JetStream stream missing", f -> f.getSpec().triggers = triggers(t -> t.jetstream.add(jetStream(null, "links"))),
                        problem("spec.triggers.jetstream[0].stream", "is required")),
                invalid("JetStream stream with a dot", f -> f.getSpec().triggers = triggers(t -> t.jetstream.add(jetStream("LINKS.V1", "links"))),
                        problem("spec.triggers.jetstream[0].stream", "'LINKS.V1' may hold only letters, digits, '_' and '-'")),
                invalid("JetStream durable with a space", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).durable = "my durable";
                }), problem("spec.triggers.jetstream[0].durable", "'my durable' may hold only letters, digits, '_' and '-'")),
                invalid("JetStream durable used twice", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links.a"));
                    t.jetstream.add(jetStream("LINKS", "links.b"));
                    t.jetstream.forEach(js -> js.durable = "checker");
                }), problem("spec.triggers.jetstream[1].durable", "checker is used by another JetStream trigger of this function")),
                invalid("JetStream maxDeliver of zero", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).maxDeliver = 0;
                }), problem("spec.triggers.jetstream[0].maxDeliver", "must be between 1 and 100, got 0")),
                invalid("JetStream maxAckPending of zero", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).maxAckPending = 0;
                }), problem("spec.triggers.jetstream[0].maxAckPending", "must be between 1 and 100000, got 0")),
                invalid("JetStream ackWait in words", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).ackWait = "1 minute";
                }), problem("spec.triggers.jetstream[0].ackWait", "'1 minute'" + DURATION_RULE)),
                invalid("JetStream backoff with a bad step", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).backoff.add("1s");
                    t.jetstream.get(0).backoff.add("5x");
                }), problem("spec.triggers.jetstream[0].backoff[1]", "'5x'" + DURATION_RULE)),
                invalid("JetStream dead-letter subject with a wildcard", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).deadLetterSubject = "dead.*";
                }), problem("spec.triggers.jetstream[0].deadLetterSubject", "'dead.*' must be a subject without wildcards")),
                // schedule
                invalid("cron with four fields", f -> f.getSpec().triggers = triggers(t -> t.schedule.add(schedule("*/5 * * *"))),
                        problem("spec.triggers.schedule[0].cron", "'*/5 * * *' has 4 fields; a cron expression has 5: minute hour day-of-month month day-of-week")),
                invalid("cron minute out of range", f -> f.getSpec().triggers = triggers(t -> t.schedule.add(schedule("60 * * * *"))),
                        problem("spec.triggers.schedule[0].cron", "'60' is not a valid minute field (0-59): Value 60 not in range [0, 59]")),
                invalid("cron with an inverted range", f -> f.getSpec().triggers = triggers(t -> t.schedule.add(schedule("* 18-9 * * *"))),
                        problem("spec.triggers.schedule[0].cron", "'18-9' is not a valid hour field (0-23): Invalid range! [18,9]")),
                invalid("cron missing", f -> f.getSpec().triggers = triggers(t -> t.schedule.add(schedule(null))),
                        problem("spec.triggers.schedule[0].cron", "is required, e.g. '*/5 * * * *'")),
                invalid("unknown time zone", f -> f.getSpec().triggers = triggers(t -> {
                    t.schedule.add(schedule("0 9 * * 1-5"));
                    t.schedule.get(0).timeZone = "Mars/Olympus";
                }), problem("spec.triggers.schedule[0].timeZone", "'Mars/Olympus' is not a time zone; use an IANA name such as Europe/Paris or UTC")),
                invalid("schedule data that is not JSON", f -> f.getSpec().triggers = triggers(t -> {
                    t.schedule.add(schedule("0 * * * *"));
                    t.schedule.get(0).data = "{\"a\":";
                }), problem("spec.triggers.schedule[0].data", "is not valid JSON: Unexpected end-of-input within/between Object entries")),
                invalid("schedule data with two JSON values", f -> f.getSpec().triggers = triggers(t -> {
                    t.schedule.add(schedule("0 * * * *"));
                    t.schedule.get(0).data = "{} {}";
                }), problem("spec.triggers.schedule[0].data", "holds more than one JSON value; wrap them in one array or object")),
                // http
                invalid("ApiKey auth without a Secret", f -> f.getSpec().triggers = triggers(t -> {
                    t.http = new HttpTrigger();
                    t.http.auth = HttpAuth.ApiKey;
                }), problem("spec.triggers.http.apiKeySecret", "auth ApiKey needs the name and key of the Secret that holds the API key")));
    }
}
