package dev.quiver.runtime.routing;

import java.util.Optional;

/**
 * Where the gateway looks up a function's routes: filled from {@code function.yaml} files and local builds on
 * the local platform, from informers on Kubernetes. Lookups never block and never call out.
 */
public interface RouteCatalog {

    /** The routes of the function with this name, if it exists. */
    Optional<FunctionRoutes> find(String functionName);
}
