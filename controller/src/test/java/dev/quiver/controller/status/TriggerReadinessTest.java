package dev.quiver.controller.status;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.triggers.TriggerReport;
import dev.quiver.api.testing.Fixtures;
import dev.quiver.api.testing.Revisions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TriggerReadinessTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration VALID = Duration.ofSeconds(90);

    private static Function orders() {
        return Fixtures.withNats(Fixtures.withJetStream(Fixtures.function("shop", "orders", "registry.local/orders:1"),
                "ORDERS", "orders.new"), "orders.audit");
    }

    private static TriggerReport.Entry jetstream(String state, String message) {
        return new TriggerReport.Entry(TriggerReport.JETSTREAM, "orders.new", null, "ORDERS", "quiver-shop-orders-0",
                state, message, 4L, 2L, 0L, 1L, 0L, 0L);
    }

    private static TriggerReport.Entry nats(String state, String message) {
        return new TriggerReport.Entry(TriggerReport.NATS, "orders.audit", "quiver-shop-orders", null, null, state, message,
                1L, null, null, null, null, 0L);
    }

    private static TriggerReadiness.Reported reported(boolean connected, TriggerReport.Entry... entries) {
        return new TriggerReadiness.Reported(new TriggerReport(connected, List.of(entries)), NOW.minusSeconds(10), VALID);
    }

    @Test
    void everyTriggerActiveIsReady() {
        TriggerReadiness.Verdict verdict = TriggerReadiness.of(orders(),
                reported(true, nats("Active", null), jetstream("Active", null)), NOW);

        assertThat(verdict.status()).isEqualTo(Condition.TRUE);
    }

    @Test
    void withoutAReportTheTriggersWaitForTheRuntime() {
        TriggerReadiness.Verdict verdict = TriggerReadiness.of(orders(), null, NOW);

        assertThat(verdict.status()).isEqualTo(Condition.UNKNOWN);
        assertThat(verdict.reason()).isEqualTo(TriggerReadiness.AWAITING_RUNTIME);
        assertThat(verdict.message()).isEqualTo("waiting for the runtime's report on the triggers");
    }

    @Test
    void aReportNotRenewedInTimeSaysNothing() {
        TriggerReadiness.Reported old = new TriggerReadiness.Reported(new TriggerReport(true,
                List.of(nats("Active", null), jetstream("Active", null))), NOW.minusSeconds(91), VALID);

        TriggerReadiness.Verdict verdict = TriggerReadiness.of(orders(), old, NOW);

        assertThat(verdict.status()).isEqualTo(Condition.UNKNOWN);
        assertThat(verdict.reason()).isEqualTo(TriggerReadiness.REPORT_STALE);
        assertThat(verdict.message()).contains("2026-03-01T09:58:29Z").contains("is the runtime running?");
    }

    @Test
    void aFailedBindingIsNotReadyWithTheRuntimesReason() {
        TriggerReadiness.Verdict verdict = TriggerReadiness.of(orders(), reported(true, nats("Active", null),
                jetstream("Failed", "stream ORDERS does not exist; create it or set createStream: true")), NOW);

        assertThat(verdict.status()).isEqualTo(Condition.FALSE);
        assertThat(verdict.reason()).isEqualTo(TriggerReadiness.TRIGGER_FAILED);
        assertThat(verdict.message()).isEqualTo("JetStream trigger on orders.new (stream ORDERS): "
                + "stream ORDERS does not exist; create it or set createStream: true");
    }

    @Test
    void aRuntimeCutOffFromNatsIsNotReady() {
        TriggerReadiness.Verdict verdict = TriggerReadiness.of(orders(), reported(false,
                nats("Waiting", "waiting for the NATS connection"), jetstream("Waiting", "waiting for the NATS connection")), NOW);

        assertThat(verdict.status()).isEqualTo(Condition.FALSE);
        assertThat(verdict.reason()).isEqualTo(TriggerReadiness.NATS_UNREACHABLE);
        assertThat(verdict.message()).startsWith("the runtime cannot reach NATS; NATS trigger on orders.audit: waiting");
    }

    @Test
    void aTriggerBeingBoundOrNotReportedYetIsStillPending() {
        TriggerReadiness.Verdict binding = TriggerReadiness.of(orders(),
                reported(true, nats("Active", null), jetstream("Waiting", "waiting for the NATS connection")), NOW);
        TriggerReadiness.Verdict missing = TriggerReadiness.of(orders(), reported(true, nats("Active", null)), NOW);

        assertThat(binding.status()).isEqualTo(Condition.UNKNOWN);
        assertThat(binding.reason()).isEqualTo(TriggerReadiness.TRIGGER_BINDING);
        assertThat(missing.status()).isEqualTo(Condition.UNKNOWN);
        assertThat(missing.reason()).isEqualTo(TriggerReadiness.TRIGGER_PENDING);
        assertThat(missing.message()).isEqualTo("waiting for the runtime to bind the JetStream trigger on orders.new (stream ORDERS)");
    }

    @Test
    void aFunctionWithoutEventTriggersIsReadyWithoutAReport() {
        Function http = Fixtures.withSchedule(Fixtures.function("shop", "web", "registry.local/web:1"), "*/5 * * * *", null, null);

        assertThat(TriggerReadiness.of(http, null, NOW).status()).isEqualTo(Condition.TRUE);
    }

    @Test
    void theFunctionIsReadyOnlyOnceItsTriggersAre() {
        FunctionStatuses statuses = new FunctionStatuses(Clock.fixed(NOW, ZoneOffset.UTC), "http://gw.example");
        Function function = orders();
        var revisions = List.of(Revisions.withReady(Revisions.revision("orders", 1), "True", null, null));

        FunctionStatus waiting = statuses.of(function, revisions, null, null, null);
        FunctionStatus ready = statuses.of(function, revisions, null, null,
                reported(true, nats("Active", null), jetstream("Active", null)));

        assertThat(waiting.condition(ConditionTypes.TRIGGERS_READY).status).isEqualTo(Condition.UNKNOWN);
        assertThat(waiting.condition(ConditionTypes.READY).status).isEqualTo(Condition.UNKNOWN);
        assertThat(ready.isTrue(ConditionTypes.TRIGGERS_READY)).isTrue();
        assertThat(ready.isTrue(ConditionTypes.READY)).isTrue();
    }
}
