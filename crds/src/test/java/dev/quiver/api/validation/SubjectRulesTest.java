package dev.quiver.api.validation;

import static dev.quiver.api.testing.Functions.jetStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.api.Function;
import dev.quiver.api.testing.Functions;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.NatsTrigger;
import java.util.List;
import java.util.function.Consumer;
import dev.quiver.api.Triggers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Triggers keep to their tenant's subjects: no full wildcards, no reserved subjects or streams, no other namespace's. */
class SubjectRulesTest {

    private static final SubjectRules CLUSTER = SubjectRules.namespaced(List.of("team-a=orders.>", "team-a=billing.paid"));

    @ParameterizedTest
    @ValueSource(strings = {">", "*.>", "*", "*.*.>", "*.orders", "$JS.API.STREAM.DELETE.LINKS", "$KV.quiver-invocations.>",
            "$SYS.>", "$O.files.>", "_INBOX.>", "quiver.invocations.hello", "quiver.invocations.>", "quiver.>",
            "quiver.dlq.team-b.payments", "quiver.dlq.>"})
    void coreSubscriptionOnFullWildcardOrReservedSubjectIsRefusedEverywhere(String subject) {
        Function function = inNamespace("team-a", core(subject));

        assertThat(FunctionValidator.validate(function)).singleElement()
                .satisfies(problem -> assertThat(problem.path()).isEqualTo("spec.triggers.nats[0].subject"))
                .satisfies(problem -> assertThat(problem.message()).contains("'" + subject + "'"));
        assertThat(FunctionValidator.validate(function, CLUSTER)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"link-events", "texts.count", "orders.*.created", "orders.>", "quiver.dlq.default.link-checker",
            "quiver.dlq.default.>"})
    void localPlatformAcceptsOrdinaryAndOwnDeadLetterSubjects(String subject) {
        assertThat(FunctionValidator.validate(inNamespace("default", core(subject)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"team-a.orders", "team-a.>", "team-a.*.created", "orders.>", "orders.eu.created",
            "billing.paid", "quiver.dlq.team-a.payments"})
    void clusterAcceptsTheNamespacesOwnSubjectsAndItsGrants(String subject) {
        assertThat(FunctionValidator.validate(inNamespace("team-a", core(subject)), CLUSTER)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"team-b.orders", "team-b.>", "billing.>", "billing.refunds", "link-events", "team-a"})
    void clusterRefusesSubjectsOutsideTheNamespacesAllowList(String subject) {
        assertThat(FunctionValidator.validate(inNamespace("team-a", core(subject)), CLUSTER)).singleElement()
                .satisfies(problem -> assertThat(problem.message()).isEqualTo("'" + subject + "' is outside the "
                        + "subjects namespace team-a may use (team-a.>, quiver.dlq.team-a.>, orders.>, billing.paid); "
                        + "use a subject under team-a. or ask the operator to grant it with "
                        + "quiver.nats.namespace-subjects=team-a=" + subject));
    }

    @Test
    void anotherNamespacesGrantDoesNotApply() {
        assertThat(FunctionValidator.validate(inNamespace("team-b", core("orders.created")), CLUSTER)).hasSize(1);
        assertThat(FunctionValidator.validate(inNamespace("team-b", core("team-b.orders")), CLUSTER)).isEmpty();
    }

    @Test
    void jetStreamTriggerChecksSubjectReservedStreamAndDeadLetterSubject() {
        JetStreamTrigger trigger = jetStream("QUIVER_INVOCATIONS", "quiver.invocations.>");
        trigger.deadLetterSubject = "quiver.invocations.victim";
        Function function = Functions.valid("reader").with(f -> triggers(f).jetstream.add(trigger)).build();

        assertThat(FunctionValidator.validate(function)).extracting(Problem::path).containsExactly(
                "spec.triggers.jetstream[0].stream", "spec.triggers.jetstream[0].subject",
                "spec.triggers.jetstream[0].deadLetterSubject");
    }

    @ParameterizedTest
    @ValueSource(strings = {"KV_quiver-invocations", "OBJ_files", "QUIVER_DLQ", "quiver_invocations"})
    void streamsOfQuiverAndOfTheServerAreRefused(String stream) {
        Function function = Functions.valid("reader").with(f -> triggers(f).jetstream
                .add(jetStream(stream, "team-a.orders"))).build();

        assertThat(FunctionValidator.validate(function)).singleElement()
                .satisfies(problem -> assertThat(problem.path()).isEqualTo("spec.triggers.jetstream[0].stream"));
    }

    @Test
    void deadLetterSubjectOfAnotherNamespaceIsRefusedOnTheCluster() {
        JetStreamTrigger trigger = jetStream("ORDERS", "team-a.orders");
        trigger.deadLetterSubject = "team-b.dead";
        Function function = inNamespace("team-a", f -> triggers(f).jetstream.add(trigger));

        assertThat(FunctionValidator.validate(function)).isEmpty();
        assertThat(FunctionValidator.validate(function, CLUSTER)).extracting(Problem::path)
                .containsExactly("spec.triggers.jetstream[0].deadLetterSubject");
    }

    @Test
    void malformedGrantIsRefusedWithTheSettingsShape() {
        assertThatThrownBy(() -> SubjectRules.namespaced(List.of("orders.>")))
                .hasMessageContaining("must be namespace=subject, e.g. team-a=orders.>");
        assertThatThrownBy(() -> SubjectRules.namespaced(List.of("team-a=orders. >")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filterIsWithinPatternOnlyWhenEverySubjectItMatchesDoes() {
        assertThat(SubjectRules.within("a.b.c", "a.>")).isTrue();
        assertThat(SubjectRules.within("a.*.c", "a.*.c")).isTrue();
        assertThat(SubjectRules.within("a.*.c", "a.b.c")).isFalse();
        assertThat(SubjectRules.within("a.>", "a.*")).isFalse();
        assertThat(SubjectRules.within("a", "a.>")).isFalse();
        assertThat(SubjectRules.within("a.b", "a.b.c")).isFalse();
    }

    private static Consumer<Function> core(String subject) {
        return f -> {
            NatsTrigger trigger = new NatsTrigger();
            trigger.subject = subject;
            triggers(f).nats.add(trigger);
        };
    }

    private static Triggers triggers(Function function) {
        if (function.getSpec().triggers == null) {
            function.getSpec().triggers = new Triggers();
        }
        return function.getSpec().triggers;
    }

    private static Function inNamespace(String namespace, Consumer<Function> change) {
        return Functions.valid("reader").with(f -> f.getMetadata().setNamespace(namespace)).with(change).build();
    }
}
