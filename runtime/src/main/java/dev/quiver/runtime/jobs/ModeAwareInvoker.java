package dev.quiver.runtime.jobs;

import dev.quiver.api.Mode;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.invoke.Invoker;
import java.util.concurrent.CompletionStage;

/**
 * The invoker event triggers use: a Service-mode function is called through the gateway, a Job-mode function
 * gets one job per event, by the function's {@code spec.mode} as it is at the time of the event.
 */
public final class ModeAwareInvoker implements Invoker {

    /** Tells a function's mode; {@link Mode#Service} for a function it does not know (the gateway answers 404). */
    @FunctionalInterface
    public interface Modes {
        /** The mode of the function. */
        Mode of(String namespace, String function);
    }

    private final Invoker service;
    private final Invoker jobs;
    private final Modes modes;

    /** Routes Service-mode calls to {@code service} and Job-mode calls to {@code jobs}. */
    public ModeAwareInvoker(Invoker service, Invoker jobs, Modes modes) {
        this.service = service;
        this.jobs = jobs;
        this.modes = modes;
    }

    @Override
    public CompletionStage<InvocationResult> invoke(Invocation invocation) {
        Mode mode = modes.of(invocation.namespace(), invocation.function());
        return mode == Mode.Job ? jobs.invoke(invocation) : service.invoke(invocation);
    }
}
