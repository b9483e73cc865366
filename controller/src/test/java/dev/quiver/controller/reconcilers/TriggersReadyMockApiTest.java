package dev.quiver.controller.reconcilers;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.triggers.TriggerReport;
import dev.quiver.standin.testing.MockApiTest;
import dev.quiver.api.testing.Fixtures;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** TriggersReady follows the runtime's report on a Function's event triggers (the Lease beside the Function). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class TriggersReadyMockApiTest extends MockApiTest {

    private static final String IMAGE = "registry.local/orders@sha256:" + "1".repeat(64);

    @KubernetesTestServer
    KubernetesServer server;

    private MockApi api;

    @Override
    protected KubernetesClient client() {
        return server.getClient();
    }

    @BeforeEach
    void mockApiInTheTestsNamespace() {
        api = new MockApi(client(), namespace);
    }

    @Test
    void aJetStreamTriggerIsUnknownUntilTheRuntimeReportsThenFollowsTheReport() {
        api.create(Fixtures.withJetStream(Fixtures.function(api.namespace, "orders", IMAGE), "ORDERS", api.namespace + ".orders.new"));
        api.makeReady("orders-00001");
        api.awaitFunction("orders", () -> api.functionCondition("orders", ConditionTypes.LATEST_REVISION_READY, Condition.TRUE)
                && api.functionCondition("orders", ConditionTypes.TRIGGERS_READY, Condition.UNKNOWN));
        Condition waiting = condition("orders");
        assertThat(waiting.reason).isEqualTo("AwaitingRuntime");
        assertThat(waiting.message).isEqualTo("waiting for the runtime's report on the triggers");
        assertThat(api.functionCondition("orders", ConditionTypes.READY, Condition.UNKNOWN)).isTrue();

        report("orders", Instant.now(), entry(TriggerReport.ACTIVE, null));
        api.awaitFunction("orders", () -> api.functionCondition("orders", ConditionTypes.TRIGGERS_READY, Condition.TRUE)
                && api.functionCondition("orders", ConditionTypes.READY, Condition.TRUE));

        report("orders", Instant.now(), entry(TriggerReport.FAILED,
                "stream ORDERS does not exist; create it or set createStream: true"));
        api.awaitFunction("orders", () -> api.functionCondition("orders", ConditionTypes.TRIGGERS_READY, Condition.FALSE));
        Condition failed = condition("orders");
        assertThat(failed.reason).isEqualTo("TriggerFailed");
        assertThat(failed.message).isEqualTo("JetStream trigger on " + api.namespace + ".orders.new (stream ORDERS): "
                + "stream ORDERS does not exist; create it or set createStream: true");
        assertThat(api.functionCondition("orders", ConditionTypes.READY, Condition.FALSE)).isTrue();
    }

    @Test
    void aStaleReportOrOneOfAnotherFunctionOfTheSameNameSaysNothing() {
        api.create(Fixtures.withJetStream(Fixtures.function(api.namespace, "orders", IMAGE), "ORDERS", api.namespace + ".orders.new"));
        api.makeReady("orders-00001");

        report("orders", Instant.now().minusSeconds(120), entry(TriggerReport.ACTIVE, null));
        api.awaitFunction("orders", () -> "ReportStale".equals(reasonOf("orders")));
        assertThat(condition("orders").status).isEqualTo(Condition.UNKNOWN);

        Lease other = lease("orders", Instant.now(), "0000-not-this-function", entry(TriggerReport.ACTIVE, null));
        api.client.resource(other).update();
        api.awaitFunction("orders", () -> "AwaitingRuntime".equals(reasonOf("orders")));
    }

    private Condition condition(String function) {
        return api.function(function).getStatus().condition(ConditionTypes.TRIGGERS_READY);
    }

    private String reasonOf(String function) {
        Function current = api.function(function);
        return current.getStatus() == null || current.getStatus().condition(ConditionTypes.TRIGGERS_READY) == null ? null
                : current.getStatus().condition(ConditionTypes.TRIGGERS_READY).reason;
    }

    /** A report entry on the trigger's subject (in the test's namespace, as the subject rules ask). */
    private TriggerReport.Entry entry(String state, String message) {
        return new TriggerReport.Entry(TriggerReport.JETSTREAM, api.namespace + ".orders.new", null, "ORDERS", "quiver-ns-orders-0", state,
                message, 0L, 0L, 0L, 0L, 0L, 0L);
    }

    /** Writes the report as the runtime's leader does. */
    private void report(String function, Instant renewed, TriggerReport.Entry... entries) {
        Lease lease = lease(function, renewed, api.function(function).getMetadata().getUid(), entries);
        api.client.resource(lease).createOr(existing -> existing.update());
    }

    private Lease lease(String function, Instant renewed, String ownerUid, TriggerReport.Entry... entries) {
        return new LeaseBuilder().withNewMetadata().withNamespace(api.namespace).withName(function + "-triggers")
                .addToLabels("quiver.dev/function", function)
                .addToAnnotations("quiver.dev/trigger-status", new TriggerReport(true, List.of(entries)).encode())
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("quiver.dev/v1alpha1").withKind("Function")
                        .withName(function).withUid(ownerUid).build())
                .endMetadata()
                .withNewSpec().withHolderIdentity("quiver-runtime-0").withRenewTime(ZonedDateTime.ofInstant(renewed, ZoneOffset.UTC))
                .withLeaseDurationSeconds(90).endSpec().build();
    }
}
