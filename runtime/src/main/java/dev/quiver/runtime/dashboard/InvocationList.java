package dev.quiver.runtime.dashboard;

import java.util.List;
import java.util.Map;

/** Where a dashboard source finds a function's recent asynchronous invocations (the runtime's own memory of them). */
@FunctionalInterface
public interface InvocationList {

    /** None: asynchronous invocations are off. */
    InvocationList NONE = (namespace, function) -> List.of();

    /** The function's recent invocations, newest first, as JSON-ready maps ({@code id, state, revision, status, …}). */
    List<Map<String, Object>> of(String namespace, String function);
}
