package dev.quiver.acceptance;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.conditions.ConditionTypes;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/** Waits for the outcome of a deploy as the platform reports it: the newest revision Ready, or failed. */
final class DeployWait {

    /** How long a deploy may take: a first Maven build of a sample on a loaded machine included. */
    static final Duration LIMIT = Duration.ofMinutes(6);

    private DeployWait() {
    }

    /**
     * Waits until the function has a revision not in {@code before} that is Ready (its name is returned) or
     * failed ({@link PlatformUnderTest.DeployFailedException} with the reason).
     */
    static String newRevision(PlatformUnderTest platform, String function, Set<String> before,
            Supplier<String> diagnostics) {
        AtomicReference<String> outcome = new AtomicReference<>();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicReference<String> last = new AtomicReference<>("nothing yet");
        try {
            await(function + ": a new revision Ready").atMost(LIMIT).pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions().until(() -> {
                        Function current = platform.function(function);
                        if (current != null && current.getStatus() != null) {
                            Condition build = condition(current.getStatus().conditions, ConditionTypes.BUILD_SUCCEEDED);
                            if (build != null && Condition.FALSE.equals(build.status)) {
                                failure.set("build failed: " + build.reason + ": " + build.message);
                                outcome.set("(build)");
                                return true;
                            }
                        }
                        Optional<FunctionRevision> newest = platform.revisions(function).stream()
                                .filter(r -> !before.contains(r.getMetadata().getName()))
                                .max(Comparator.comparing(r -> r.getMetadata().getName()));
                        if (newest.isEmpty()) {
                            return false;
                        }
                        FunctionRevision revision = newest.get();
                        Condition ready = condition(revision.getStatus().conditions, ConditionTypes.READY);
                        last.set(revision.getMetadata().getName() + " " + ready);
                        if (ready != null && Condition.TRUE.equals(ready.status)) {
                            outcome.set(revision.getMetadata().getName());
                            return true;
                        }
                        if (ready != null && Condition.FALSE.equals(ready.status)) {
                            outcome.set(revision.getMetadata().getName());
                            failure.set(ready.reason + ": " + ready.message);
                            return true;
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no new revision of " + function + " became Ready within " + LIMIT + " (last: "
                    + last.get() + ")\n" + diagnostics.get(), e);
        }
        if (failure.get() != null) {
            throw new PlatformUnderTest.DeployFailedException(outcome.get(), failure.get());
        }
        return outcome.get();
    }

    /** A condition of a status, or null. */
    static Condition condition(List<Condition> conditions, String type) {
        return conditions == null ? null
                : conditions.stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
    }
}
