package dev.quiver.runtime.async;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RecentInvocationsTest {

    private final RecentInvocations recent = new RecentInvocations();

    @Test
    void aFunctionsInvocationsAreListedNewestFirstInTheirLatestState() {
        recent.record(record("a", "orders", InvocationRecord.QUEUED, null));
        recent.record(record("b", "orders", InvocationRecord.QUEUED, null));
        recent.record(record("a", "orders", InvocationRecord.SUCCEEDED, 200));
        recent.record(record("c", "billing", InvocationRecord.QUEUED, null));

        assertThat(recent.of("default", "orders")).extracting(InvocationRecord::id, InvocationRecord::status)
                .containsExactly(tuple("b", "queued"),
                        tuple("a", "succeeded"));
        assertThat(recent.of("team-a", "orders")).as("another namespace's orders").isEmpty();
    }

    @Test
    void onlyTheLastFiftyOfAFunctionAreKept() {
        for (int i = 0; i < RecentInvocations.PER_FUNCTION + 10; i++) {
            recent.record(record("id-" + i, "orders", InvocationRecord.QUEUED, null));
        }

        assertThat(recent.of("default", "orders")).hasSize(RecentInvocations.PER_FUNCTION)
                .first().extracting(InvocationRecord::id).isEqualTo("id-59");
        assertThat(recent.of("default", "orders")).last().extracting(InvocationRecord::id).isEqualTo("id-10");
    }

    @Test
    void aForgottenInvocationIsNoLongerListed() {
        recent.record(record("a", "orders", InvocationRecord.QUEUED, null));

        recent.forget("a");

        assertThat(recent.of("default", "orders")).isEmpty();
    }

    @Test
    void theJsonNamesTheStateTheStatusAndTheRevisionThatAnswered() {
        Map<String, Object> json = RecentInvocations.toJson(record("a", "orders", InvocationRecord.SUCCEEDED, 200));

        assertThat(json).containsEntry("id", "a").containsEntry("state", "succeeded").containsEntry("status", 200)
                .containsEntry("revision", "orders-00002").containsEntry("attempts", 1);
    }

    private static InvocationRecord record(String id, String function, String status, Integer httpStatus) {
        InvocationRecord.Response response = httpStatus == null ? null
                : new InvocationRecord.Response(httpStatus, Map.of("X-Quiver-Revision", function + "-00002"), "ok", null);
        return new InvocationRecord(id, function, status, 1, "2026-12-01T19:00:00Z", "2026-12-01T19:00:01Z", response,
                null, null, "default");
    }
}
