package dev.quiver.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The schema's defaults ({@code @Default}) and the {@code ...OrDefault()} methods read the same constants; these
 * tests pin what an empty object means, and fail if an enum default's name no longer names a constant.
 */
class DefaultsTest {

    @Test
    void anEmptySpecRunsAsAServiceOpenToAnyone() {
        assertThat(new FunctionSpec().modeOrDefault()).isEqualTo(Mode.Service);
        assertThat(new HttpTrigger().authOrDefault()).isEqualTo(HttpAuth.None);
    }

    @Test
    void anEmptyRolloutIsACanaryThatRollsBack() {
        RolloutSpec rollout = new RolloutSpec();

        assertThat(rollout.modeOrDefault()).isEqualTo(RolloutMode.Canary);
        assertThat(rollout.onFailureOrDefault()).isEqualTo(RolloutFailurePolicy.Rollback);
    }

    @Test
    void anEmptyTemplateHasKnativesTimeoutAndScaleAndNoConcurrencyLimit() {
        FunctionTemplate template = new FunctionTemplate();
        ScaleSpec scale = template.scaleOrDefault();

        assertThat(template.timeoutSecondsOrDefault()).isEqualTo(300);
        assertThat(template.containerConcurrencyOrDefault()).isZero();
        assertThat(scale.minOrDefault()).isZero();
        assertThat(scale.maxOrDefault()).isEqualTo(10);
        assertThat(scale.targetOrDefault()).isEqualTo(100);
        assertThat(scale.scaleToZeroGracePeriodOrDefault()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anEmptyJetStreamTriggerUsesAnExistingStreamWithBoundedRedelivery() {
        JetStreamTrigger trigger = new JetStreamTrigger();

        assertThat(trigger.createStreamOrDefault()).isFalse();
        assertThat(trigger.maxDeliverOrDefault()).isEqualTo(5);
        assertThat(trigger.ackWaitOrDefault()).isEqualTo(Duration.ofSeconds(30));
        assertThat(trigger.maxAckPendingOrDefault()).isEqualTo(1000);
    }

    @Test
    void anEmptySmokeRequestIsAGetAndAGitSourceBuildsMain() {
        assertThat(new SmokeRequest().methodOrDefault()).isEqualTo("GET");
        assertThat(new GitSource().revisionOrDefault()).isEqualTo("main");
    }
}
