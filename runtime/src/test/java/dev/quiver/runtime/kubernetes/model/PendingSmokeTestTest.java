package dev.quiver.runtime.kubernetes.model;

import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutReport.SmokeTestRun;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.SmokeTest;
import dev.quiver.api.rollout.SmokeTestResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PendingSmokeTestTest {

    private static final String STARTED = "2026-03-01T10:00:00Z";

    @Test
    void aSmokeTestingRolloutWithoutARunForItsRevisionAndStepOwesOneWithTheSpecsRequests() {
        assertThat(PendingSmokeTest.of(spec(), status(RolloutPhase.SmokeTesting, "orders-00002", STARTED), null))
                .hasValueSatisfying(test -> {
                    assertThat(test.revision()).isEqualTo("orders-00002");
                    assertThat(test.stepStartedAt()).isEqualTo(STARTED);
                    assertThat(test.requests()).singleElement()
                            .satisfies(request -> assertThat(request.path).isEqualTo("/health"));
                });
    }

    @Test
    void aRunForTheSameRevisionAndStepIsNotSentAgain() {
        SmokeTestRun done = new SmokeTestRun("orders-00002", STARTED, true, "1 smoke test request passed");
        assertThat(PendingSmokeTest.of(spec(), status(RolloutPhase.SmokeTesting, "orders-00002", STARTED), done)).isEmpty();
    }

    @Test
    void aRunOfAnotherRevisionOrAnEarlierStartOfTheSameRevisionDoesNotCount() {
        SmokeTestRun older = new SmokeTestRun("orders-00001", STARTED, true, "passed");
        SmokeTestRun earlier = new SmokeTestRun("orders-00002", "2026-03-01T09:00:00Z", false, "failed");
        RolloutStatus status = status(RolloutPhase.SmokeTesting, "orders-00002", STARTED);

        assertThat(PendingSmokeTest.of(spec(), status, older)).isPresent();
        assertThat(PendingSmokeTest.of(spec(), status, earlier)).isPresent();
    }

    @Test
    void nothingIsDueOutsideSmokeTestingWithoutARolloutOrBeforeTheStepHasAStart() {
        assertThat(PendingSmokeTest.of(spec(), status(RolloutPhase.Progressing, "orders-00002", STARTED), null)).isEmpty();
        assertThat(PendingSmokeTest.of(null, status(RolloutPhase.SmokeTesting, "orders-00002", STARTED), null)).isEmpty();
        assertThat(PendingSmokeTest.of(spec(), null, null)).isEmpty();
        assertThat(PendingSmokeTest.of(spec(), status(RolloutPhase.SmokeTesting, "orders-00002", null), null)).isEmpty();
    }

    @Test
    void theRunCarriesTheRevisionStepStartAndResult() {
        PendingSmokeTest test = PendingSmokeTest.of(spec(), status(RolloutPhase.SmokeTesting, "orders-00002", STARTED),
                null).orElseThrow();

        SmokeTestRun run = test.run(SmokeTestResult.failed("GET /health: status 500, expected 2xx"));

        assertThat(run).isEqualTo(new SmokeTestRun("orders-00002", STARTED, false, "GET /health: status 500, expected 2xx"));
        assertThat(run.isFor("orders-00002", STARTED)).isTrue();
    }

    private static RolloutSpec spec() {
        RolloutSpec spec = new RolloutSpec();
        spec.smokeTest = new SmokeTest();
        spec.smokeTest.requests.add(SmokeRequest.of("GET", "/health"));
        return spec;
    }

    private static RolloutStatus status(RolloutPhase phase, String revision, String stepStartedAt) {
        RolloutStatus status = new RolloutStatus();
        status.phase = phase;
        status.revision = revision;
        status.stableRevision = "orders-00001";
        status.step = 0;
        status.stepStartedAt = stepStartedAt;
        return status;
    }
}
