package dev.quiver.runtime.events.plan;

import dev.quiver.api.Durations;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.Triggers;
import dev.quiver.api.validation.Problem;
import dev.quiver.api.validation.SubjectRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The subscriptions and consumers a set of functions asks for, with every default applied: queue group
 * {@code quiver-<namespace>-<function>}, durable {@code quiver-<namespace>-<function>-<index>}, dead-letter
 * subject {@code quiver.dlq.<namespace>.<function>}, backoff 1s, 5s, 30s.
 *
 * @param core      core NATS subscriptions
 * @param jetstream JetStream consumers
 */
public record TriggerPlan(List<CoreTrigger> core, List<JetStreamBinding> jetstream) {

    /** Backoff when a trigger names none. */
    public static final List<Duration> DEFAULT_BACKOFF =
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
    /** Prefix of the default dead-letter subjects. */
    public static final String DLQ_PREFIX = SubjectRules.DLQ_PREFIX;

    public TriggerPlan {
        core = List.copyOf(core);
        jetstream = List.copyOf(jetstream);
    }

    /**
     * The functions whose event triggers the subject rules allow; the others' triggers are not bound at all (the
     * runtime subscribes with its own, privileged NATS user, so it must not lend it to a foreign subject).
     *
     * @param refused told about each refused function and its problems
     */
    public static List<Function> permitted(List<Function> functions, SubjectRules rules,
            BiConsumer<Function, List<Problem>> refused) {
        List<Function> permitted = new ArrayList<>();
        for (Function function : functions) {
            List<Problem> problems = rules.check(function);
            if (problems.isEmpty()) {
                permitted.add(function);
            } else {
                refused.accept(function, problems);
            }
        }
        return permitted;
    }

    /** The plan for these functions. */
    public static TriggerPlan of(List<Function> functions) {
        List<CoreTrigger> core = new ArrayList<>();
        List<JetStreamBinding> jetstream = new ArrayList<>();
        for (Function function : functions) {
            String namespace = namespace(function);
            String name = function.getMetadata().getName();
            Triggers triggers = function.getSpec().triggersOrDefault();
            Duration timeout = timeout(function);
            for (int i = 0; i < triggers.nats.size(); i++) {
                NatsTrigger trigger = triggers.nats.get(i);
                core.add(new CoreTrigger(namespace, name, i, trigger.subject,
                        blank(trigger.queueGroup) ? queueGroup(namespace, name) : trigger.queueGroup, timeout));
            }
            for (int i = 0; i < triggers.jetstream.size(); i++) {
                jetstream.add(binding(namespace, name, i, triggers.jetstream.get(i), timeout));
            }
        }
        return new TriggerPlan(core, jetstream);
    }

    /** The default queue group of a function. */
    public static String queueGroup(String namespace, String function) {
        return "quiver-" + namespace + "-" + function;
    }

    /** The default durable name of a function's JetStream trigger at {@code index}. */
    public static String durable(String namespace, String function, int index) {
        return "quiver-" + namespace + "-" + function + "-" + index;
    }

    /** The default dead-letter subject of a function. */
    public static String deadLetterSubject(String namespace, String function) {
        return DLQ_PREFIX + namespace + "." + function;
    }

    private static JetStreamBinding binding(String namespace, String name, int index, JetStreamTrigger trigger,
            Duration timeout) {
        List<Duration> backoff = trigger.backoff.isEmpty() ? DEFAULT_BACKOFF
                : trigger.backoff.stream().map(Durations::parse).toList();
        return new JetStreamBinding(namespace, name, index, trigger.stream, trigger.subject,
                trigger.createStreamOrDefault(),
                blank(trigger.durable) ? durable(namespace, name, index) : trigger.durable,
                trigger.maxDeliverOrDefault(), trigger.ackWaitOrDefault(), backoff,
                blank(trigger.deadLetterSubject) ? deadLetterSubject(namespace, name) : trigger.deadLetterSubject,
                trigger.maxAckPendingOrDefault(), timeout);
    }

    private static Duration timeout(Function function) {
        FunctionTemplate template = function.getSpec().templateOrDefault();
        return Duration.ofSeconds(template.timeoutSecondsOrDefault());
    }

    private static String namespace(Function function) {
        String namespace = function.getMetadata().getNamespace();
        return blank(namespace) ? "default" : namespace;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
