package dev.quiver.runtime.invoke;

import java.util.concurrent.CompletionStage;

/**
 * Calls a function with an event: through the gateway for Service mode (so traffic split, header rules,
 * concurrency limits and scale from zero all apply), as one job per event for Job mode.
 * Never throws: every failure, timeouts included, completes the stage with a result that says why.
 */
@FunctionalInterface
public interface Invoker {

    /** Invokes the function once; the stage completes when it has answered, failed or timed out. */
    CompletionStage<InvocationResult> invoke(Invocation invocation);
}
