package dev.quiver.runtime.events.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final JetStreamBinding BINDING = new JetStreamBinding("shop", "orders", 0, "ORDERS", "orders.>",
            false, "d", 5, Duration.ofSeconds(30), List.of(Duration.ofSeconds(1)), "quiver.dlq.shop.orders", 100,
            Duration.ofSeconds(9));

    @Test
    void theHeadersSayWhoFailedTheMessageHowOftenAndWhy() {
        Map<String, String> headers = DeadLetter.headers(BINDING, "orders.new", 17, 5, "orders-00002", 503,
                "the function answered 503:\nbusy");

        assertThat(headers).containsExactly(
                Map.entry("Quiver-Function", "shop/orders"),
                Map.entry("Quiver-Revision", "orders-00002"),
                Map.entry("Quiver-Attempts", "5"),
                Map.entry("Quiver-Last-Status", "503"),
                Map.entry("Quiver-Error", "the function answered 503: busy"),
                Map.entry("Quiver-Original-Subject", "orders.new"),
                Map.entry("Quiver-Stream", "ORDERS"),
                Map.entry("Quiver-Stream-Sequence", "17"));
    }

    @Test
    void noRevisionWhenNoFunctionAnsweredAndLongReasonsAreCut() {
        Map<String, String> headers = DeadLetter.headers(BINDING, "orders.new", 1, 1, null, 0, "x".repeat(5000));

        assertThat(headers).doesNotContainKey("Quiver-Revision");
        assertThat(headers.get("Quiver-Error")).hasSize(1001).endsWith("…");
    }
}
