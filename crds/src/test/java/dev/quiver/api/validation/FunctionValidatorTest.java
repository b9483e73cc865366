package dev.quiver.api.validation;

import static dev.quiver.api.validation.InvalidFunctions.env;
import static dev.quiver.api.validation.InvalidFunctions.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.testing.Functions;
import dev.quiver.api.MountedFiles;
import dev.quiver.api.StickySplit;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.revisions.ConfigCopyNames;
import org.junit.jupiter.api.Test;

/**
 * Valid Functions pass and every problem of a Function is reported. Each invalid Function, made from a valid fixture
 * by one change, reports exactly the problems a person must fix: by area in {@link SourceValidationTest},
 * {@link TemplateValidationTest}, {@link TriggerValidationTest} and {@link TrafficValidationTest}.
 */
class FunctionValidatorTest {

    @Test
    void imageBasedFunctionIsValid() {
        assertThat(FunctionValidator.validate(Functions.valid("hello").build())).isEmpty();
    }

    @Test
    void buildBasedFunctionIsValid() {
        assertThat(FunctionValidator.validate(Functions.built("hello").build())).isEmpty();
    }

    @Test
    void archiveBasedFunctionWithItsChecksumIsValid() {
        assertThat(FunctionValidator.validate(Functions.fromArchive("hello").build())).isEmpty();
    }

    @Test
    void templateMaySetTheAddressesAndTheSdkSettings() {
        Function function = Functions.valid("hello").with(f -> f.getSpec().template = template(t -> {
            t.env.add(env("QUIVER_GATEWAY_URL", "http://gateway.team:8080"));
            t.env.add(env("NATS_URL", "nats://team-nats:4222"));
            t.env.add(env("QUIVER_DRAIN_TIMEOUT", "20s"));
            t.env.add(env("QUIVER_CLIENT_TIMEOUT", "5s"));
            t.env.add(env("QUIVER_DEFAULT_FUNCTION", "greet"));
            t.env.add(env("K_REVISION", "knative-style"));
        })).build();

        assertThat(FunctionValidator.validate(function)).isEmpty();
    }

    @Test
    void longestSourceNamesForARevisionCopyAreValid() {
        String function = "f".repeat(FunctionValidator.MAX_NAME_LENGTH);
        Function longest = Functions.valid(function).with(f -> f.getSpec().template = template(t -> {
            t.configFiles.add(MountedFiles.of("c".repeat(ConfigCopyNames.maxSourceName(function, ConfigSnapshot.Kind.ConfigMap)), "/etc/c"));
            t.secretFiles.add(MountedFiles.of("s".repeat(ConfigCopyNames.maxSourceName(function, ConfigSnapshot.Kind.Secret)), "/etc/s"));
        })).build();

        assertThat(FunctionValidator.validate(longest)).isEmpty();
        // The copy of the n-th revision is <function>-<n>-secret-<source>: n up to the largest int still fits.
        assertThat(function.length() + ("-" + Integer.MAX_VALUE).length() + "-secret-".length()
                + ConfigCopyNames.maxSourceName(function, ConfigSnapshot.Kind.Secret)).isEqualTo(253);
    }

    @Test
    void stickySplitByACookieOrAHeaderIsValid() {
        assertThat(FunctionValidator.validate(Functions.withTraffic("hello")
                .with(f -> f.getSpec().sticky = StickySplit.byCookie("quiver-split")).build())).isEmpty();
        assertThat(FunctionValidator.validate(Functions.withTraffic("hello")
                .with(f -> f.getSpec().sticky = StickySplit.byHeader("X-User-Id")).build())).isEmpty();
    }

    @Test
    void fullySpecifiedFunctionWithTagsAndHeaderRulesIsValid() {
        assertThat(FunctionValidator.validate(Functions.full("link-checker").build())).isEmpty();
    }

    @Test
    void functionWithSeveralProblemsReportsAllOfThem() {
        Function function = Functions.valid("hello").with(f -> {
            f.getSpec().template = new FunctionTemplate();
            f.getSpec().template.timeoutSeconds = 0;
            f.getSpec().template.containerConcurrency = 5000;
            f.getSpec().traffic.add(TrafficTarget.latest(50));
        }).build();

        assertThat(FunctionValidator.validate(function)).containsExactly(
                new Problem("spec.template.timeoutSeconds", "must be between 1 and 3600, got 0"),
                new Problem("spec.template.containerConcurrency", "must be between 0 (no limit) and 1000, got 5000"),
                new Problem("spec.traffic", "the percents of the targets without a match rule add up to 50; they must add up to 100"));
    }
}
