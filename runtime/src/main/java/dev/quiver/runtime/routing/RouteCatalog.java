package dev.quiver.runtime.routing;

import java.util.Optional;

/**
 * Where the gateway looks up a function's routes: filled from {@code function.yaml} files and local builds on
 * the local platform, from informers on Kubernetes. Functions are found by namespace and name; the short URL
 * {@code /fn/<name>} means the catalog's {@linkplain #defaultNamespace() default namespace}. Lookups never block
 * and never call out.
 */
public interface RouteCatalog {

    /** The routes of the function with this name in that namespace, if it exists. */
    Optional<FunctionRoutes> find(String namespace, String functionName);

    /** The namespace that {@code /fn/<name>} (no namespace in the URL) means. */
    String defaultNamespace();

    /** The routes of the function with this name in the {@linkplain #defaultNamespace() default namespace}. */
    default Optional<FunctionRoutes> find(String functionName) {
        return find(defaultNamespace(), functionName);
    }
}
