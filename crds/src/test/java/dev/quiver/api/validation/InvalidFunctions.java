package dev.quiver.api.validation;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.testing.Functions;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.ScheduleTrigger;
import dev.quiver.api.Triggers;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.function.Consumer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** Builds the invalid Functions of the validator's tests: a valid fixture changed in one place, and the problems expected. */
final class InvalidFunctions {

    static final String NAME_RULE = " must be at most 52 lowercase letters, digits and '-', "
            + "starting with a letter and ending with a letter or digit";
    static final String DURATION_RULE = " is not a duration; write it like 500ms, 30s, 5m or 1h30m";
    static final String SUBJECT_RULE = " is not a NATS subject: dot-separated tokens without spaces, "
            + "'*' for one token, '>' only at the end";

    private InvalidFunctions() {
    }

    static Arguments invalid(String name, Consumer<Function> change, Problem... expected) {
        return invalid(name, Functions.valid("hello").with(change), expected);
    }

    static Arguments invalid(String name, Functions.Fixture fixture, Problem... expected) {
        return Arguments.of(Named.of(name, fixture.build()), expected);
    }

    static Problem problem(String path, String message) {
        return new Problem(path, message);
    }

    static FunctionTemplate template(Consumer<FunctionTemplate> change) {
        FunctionTemplate template = new FunctionTemplate();
        change.accept(template);
        return template;
    }

    static FunctionTemplate scale(Consumer<ScaleSpec> change) {
        return template(t -> {
            t.scale = new ScaleSpec();
            change.accept(t.scale);
        });
    }

    static Triggers triggers(Consumer<Triggers> change) {
        Triggers triggers = new Triggers();
        change.accept(triggers);
        return triggers;
    }

    static NatsTrigger nats(String subject, String queueGroup) {
        NatsTrigger nats = new NatsTrigger();
        nats.subject = subject;
        nats.queueGroup = queueGroup;
        return nats;
    }

    static ScheduleTrigger schedule(String cron) {
        ScheduleTrigger schedule = new ScheduleTrigger();
        schedule.cron = cron;
        return schedule;
    }

    static EnvVar env(String name, String value) {
        return new EnvVar(name, value, null);
    }
}
