package dev.quiver.api.testing;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionSpec;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.Triggers;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** Builds Functions with event triggers, in namespace {@code default}, for the event tests. */
public final class FunctionFixture {

    private final Function function = new Function();

    private FunctionFixture(String name) {
        function.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        function.setSpec(new FunctionSpec());
        function.getSpec().triggers = new Triggers();
        function.getSpec().template = new FunctionTemplate();
    }

    /** A function of that name in namespace {@code default}. */
    public static FunctionFixture function(String name) {
        return new FunctionFixture(name);
    }

    /** Adds a core NATS trigger with the default queue group. */
    public FunctionFixture nats(String subject) {
        Fixtures.nats(subject).accept(function);
        return this;
    }

    /** Adds a JetStream trigger on a stream it creates, with short delays for tests. */
    public FunctionFixture jetstream(String stream, String subject, int maxDeliver, String ackWait, String... backoff) {
        JetStreamTrigger trigger = Functions.jetStream(stream, subject);
        trigger.createStream = true;
        trigger.maxDeliver = maxDeliver;
        trigger.ackWait = ackWait;
        trigger.backoff = List.of(backoff);
        function.getSpec().triggers.jetstream.add(trigger);
        return this;
    }

    /** Sets maxAckPending of the last JetStream trigger. */
    public FunctionFixture maxAckPending(int most) {
        List<JetStreamTrigger> all = function.getSpec().triggers.jetstream;
        all.get(all.size() - 1).maxAckPending = most;
        return this;
    }

    /** Sets the dead-letter subject of the last JetStream trigger. */
    public FunctionFixture deadLetterSubject(String subject) {
        List<JetStreamTrigger> all = function.getSpec().triggers.jetstream;
        all.get(all.size() - 1).deadLetterSubject = subject;
        return this;
    }

    /** Sets the invocation timeout. */
    public FunctionFixture timeoutSeconds(int seconds) {
        function.getSpec().template.timeoutSeconds = seconds;
        return this;
    }

    /** The function. */
    public Function build() {
        return function;
    }
}
