package dev.quiver.acceptance;

import java.util.Locale;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/** Prints each scenario's wall time to the build log (the suite's time on CI is watched, never asserted). */
final class ScenarioClock implements BeforeTestExecutionCallback, AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ScenarioClock.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NAMESPACE).put("start", System.nanoTime());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        long start = context.getStore(NAMESPACE).get("start", Long.class);
        print(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName(),
                start, context.getExecutionException().map(ScenarioClock::outcome).orElse("passed"));
    }

    /** A scenario that does not apply to a platform is skipped by an assumption, which is no failure. */
    private static String outcome(Throwable thrown) {
        return thrown instanceof TestAbortedException ? "skipped" : "FAILED";
    }

    /** Prints one timed step: {@code [acceptance] WHAT: 12.3 s (OUTCOME)}. */
    static void print(String what, long startNanos, String outcome) {
        System.out.printf(Locale.ROOT, "[acceptance] %s: %.1f s (%s)%n", what, (System.nanoTime() - startNanos) / 1e9,
                outcome);
        System.out.flush();
    }
}
