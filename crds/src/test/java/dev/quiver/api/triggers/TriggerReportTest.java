package dev.quiver.api.triggers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TriggerReportTest {

    private static final TriggerReport.Entry ORDERS = new TriggerReport.Entry(TriggerReport.JETSTREAM, "orders.new", null,
            "ORDERS", "quiver-shop-orders-0", TriggerReport.ACTIVE, null, 12L, 3L, 1L, 2L, 1L, 1L);

    @Test
    void aReportSurvivesTheAnnotationUnchanged() {
        TriggerReport report = new TriggerReport(true, List.of(ORDERS));

        String text = report.encode();

        assertThat(TriggerReport.decode(text)).isEqualTo(report);
        assertThat(text).doesNotContain("queueGroup").isEqualTo(new TriggerReport(true, List.of(ORDERS)).encode());
    }

    @Test
    void fieldsOfANewerRuntimeAreSkippedAndGarbageIsNoReport() {
        TriggerReport report = TriggerReport.decode("{\"natsConnected\":true,\"since\":\"x\",\"triggers\":[{\"kind\":\"nats\","
                + "\"subject\":\"a\",\"state\":\"Active\",\"priority\":3}]}");

        assertThat(report.triggers()).singleElement().satisfies(e -> assertThat(e.active()).isTrue());
        assertThat(TriggerReport.decode("not json")).isNull();
        assertThat(TriggerReport.decode(null)).isNull();
    }

    @Test
    void countersAreNotPartOfTheState() {
        TriggerReport busier = new TriggerReport(true, List.of(new TriggerReport.Entry(TriggerReport.JETSTREAM, "orders.new",
                null, "ORDERS", "quiver-shop-orders-0", TriggerReport.ACTIVE, null, 99L, 0L, 0L, 5L, 2L, 2L)));

        assertThat(busier.withoutCounters()).isEqualTo(new TriggerReport(true, List.of(ORDERS)).withoutCounters());
        assertThat(busier.encode()).isNotEqualTo(new TriggerReport(true, List.of(ORDERS)).encode());
    }

    @Test
    void aReportHoldsForItsDurationAfterItsRenewal() {
        Instant renewed = Instant.parse("2026-01-01T10:00:00Z");

        assertThat(TriggerReport.fresh(renewed, Duration.ofSeconds(90), renewed.plusSeconds(90))).isTrue();
        assertThat(TriggerReport.fresh(renewed, Duration.ofSeconds(90), renewed.plusSeconds(91))).isFalse();
        assertThat(TriggerReport.fresh(null, Duration.ofSeconds(90), renewed)).isFalse();
        assertThat(TriggerReport.leaseName("orders")).isEqualTo("orders-triggers");
    }
}
