package dev.quiver.runtime.events.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionSpec;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.Triggers;
import dev.quiver.api.validation.SubjectRules;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class TriggerPlanTest {

    @Test
    void functionOnAnotherNamespacesSubjectIsLeftOutOfThePlanOnTheCluster() {
        Function snoop = function("team-a", "snoop");
        snoop.getSpec().triggers.nats.add(nats("team-b.payments", null));
        snoop.getSpec().triggers.nats.add(nats("team-a.orders", null));
        Function reader = function("team-a", "reader");
        reader.getSpec().triggers.jetstream.add(jetstream("QUIVER_INVOCATIONS", "quiver.invocations.>"));
        Function own = function("team-a", "own");
        own.getSpec().triggers.nats.add(nats("team-a.orders", null));
        own.getSpec().triggers.nats.add(nats("orders.created", null));
        Map<String, Integer> refused = new TreeMap<>();

        List<Function> permitted = TriggerPlan.permitted(List.of(snoop, reader, own),
                SubjectRules.namespaced(List.of("team-a=orders.>")),
                (function, problems) -> refused.put(function.getMetadata().getName(), problems.size()));

        assertThat(TriggerPlan.of(permitted).core()).extracting(CoreTrigger::function, CoreTrigger::subject)
                .containsExactly(Tuple.tuple("own", "team-a.orders"),
                        Tuple.tuple("own", "orders.created"));
        assertThat(TriggerPlan.of(permitted).jetstream()).isEmpty();
        assertThat(refused).containsExactly(Map.entry("reader", 2), Map.entry("snoop", 1));
    }

    @Test
    void coreTriggersDefaultToOneQueueGroupPerFunction() {
        Function fn = function("shop", "orders");
        fn.getSpec().triggers.nats.add(nats("orders.*", null));
        fn.getSpec().triggers.nats.add(nats("refunds", "own-group"));

        TriggerPlan plan = TriggerPlan.of(List.of(fn));

        assertThat(plan.core()).extracting(CoreTrigger::queueGroup).containsExactly("quiver-shop-orders", "own-group");
        assertThat(plan.core()).extracting(CoreTrigger::index).containsExactly(0, 1);
        assertThat(plan.core().get(0).timeout()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void jetStreamTriggersGetDefaultDurableDeadLetterSubjectAndBackoff() {
        Function fn = function("shop", "orders");
        JetStreamTrigger trigger = jetstream("ORDERS", "orders.>");
        fn.getSpec().triggers.jetstream.add(trigger);
        fn.getSpec().template.timeoutSeconds = 20;

        JetStreamBinding binding = TriggerPlan.of(List.of(fn)).jetstream().get(0);

        assertThat(binding.durable()).isEqualTo("quiver-shop-orders-0");
        assertThat(binding.deadLetterSubject()).isEqualTo("quiver.dlq.shop.orders");
        assertThat(binding.backoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(binding.maxDeliver()).isEqualTo(5);
        assertThat(binding.ackWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(binding.maxAckPending()).isEqualTo(1000);
        assertThat(binding.createStream()).isFalse();
        assertThat(binding.timeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void explicitJetStreamSettingsWin() {
        Function fn = function(null, "pay");
        JetStreamTrigger trigger = jetstream("PAY", "pay");
        trigger.durable = "payments";
        trigger.deadLetterSubject = "pay.failed";
        trigger.backoff = List.of("200ms", "2s");
        trigger.maxDeliver = 2;
        trigger.ackWait = "1m";
        trigger.createStream = true;
        trigger.maxAckPending = 10;
        fn.getSpec().triggers.jetstream.add(trigger);

        JetStreamBinding binding = TriggerPlan.of(List.of(fn)).jetstream().get(0);

        assertThat(binding.namespace()).isEqualTo("default");
        assertThat(binding.durable()).isEqualTo("payments");
        assertThat(binding.deadLetterSubject()).isEqualTo("pay.failed");
        assertThat(binding.backoff()).containsExactly(Duration.ofMillis(200), Duration.ofSeconds(2));
        assertThat(binding.ackWait()).isEqualTo(Duration.ofMinutes(1));
        assertThat(binding.createStream()).isTrue();
        assertThat(binding.maxAckPending()).isEqualTo(10);
    }

    @Test
    void theLastBackoffRepeatsAndTheLastAttemptIsMaxDeliver() {
        Function fn = function("a", "b");
        JetStreamTrigger trigger = jetstream("S", "s");
        trigger.backoff = List.of("1s", "2s");
        trigger.maxDeliver = 3;
        fn.getSpec().triggers.jetstream.add(trigger);
        JetStreamBinding binding = TriggerPlan.of(List.of(fn)).jetstream().get(0);

        assertThat(binding.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(binding.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(binding.backoffAfter(7)).isEqualTo(Duration.ofSeconds(2));
        assertThat(binding.lastAttempt(2)).isFalse();
        assertThat(binding.lastAttempt(3)).isTrue();
        assertThat(binding.lastAttempt(4)).as("a delivery after a crash on the last attempt").isTrue();
    }

    @Test
    void functionsWithoutEventTriggersPlanNothing() {
        Function fn = function("a", "plain");
        fn.getSpec().triggers = null;

        TriggerPlan plan = TriggerPlan.of(List.of(fn));

        assertThat(plan.core()).isEmpty();
        assertThat(plan.jetstream()).isEmpty();
    }

    @Test
    void equalSpecsPlanEqualBindingsSoASyncKeepsThem() {
        Function one = function("a", "f");
        one.getSpec().triggers.jetstream.add(jetstream("S", "s"));
        Function two = function("a", "f");
        two.getSpec().triggers.jetstream.add(jetstream("S", "s"));

        assertThat(TriggerPlan.of(List.of(one))).isEqualTo(TriggerPlan.of(List.of(two)));
    }

    private static Function function(String namespace, String name) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        fn.setSpec(new FunctionSpec());
        fn.getSpec().triggers = new Triggers();
        fn.getSpec().template = new FunctionTemplate();
        return fn;
    }

    private static NatsTrigger nats(String subject, String group) {
        NatsTrigger trigger = new NatsTrigger();
        trigger.subject = subject;
        trigger.queueGroup = group;
        return trigger;
    }

    private static JetStreamTrigger jetstream(String stream, String subject) {
        JetStreamTrigger trigger = new JetStreamTrigger();
        trigger.stream = stream;
        trigger.subject = subject;
        return trigger;
    }
}
