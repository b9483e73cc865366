package dev.quiver.runtime.routing;

/**
 * Which function a gateway path names, and the rest of the path. Two forms reach a function:
 * {@code /fn/<name>[@<tag>][/<path>]} in the catalog's default namespace and
 * {@code /fn/<namespace>/<name>[@<tag>][/<path>]} in any watched namespace. The short form is tried first: when
 * the first segment names a function of the default namespace, it is that function and the rest is its path; only
 * otherwise, when the first two segments name a namespace and a function in it, it is that one. So no other
 * namespace can take the default namespace's traffic, and a default-namespace function named like a namespace
 * shadows that namespace's qualified URLs. The runtime's own calls (events, stored asynchronous requests) name the
 * namespace outright ({@code pinned}) and are never resolved by the short-form rule.
 *
 * @param routes          the function's routes, or null when the path names none
 * @param name            the function's name as asked for (the first segment's when nothing matched)
 * @param namespace       the namespace it was looked up in last (for the 404 message)
 * @param tag             the tag after {@code @}, or null
 * @param functionSegment the {@code <name>[@<tag>]} segment, without the namespace
 * @param rest            the path after the function's segment, {@code /} when there is none (no query)
 */
public record FunctionAddress(FunctionRoutes routes, String name, String namespace, String tag, String functionSegment,
        String rest) {

    /** Where functions are served. */
    public static final String PREFIX = "/fn/";

    /**
     * Resolves a path under {@value #PREFIX}. Two map lookups at most; nothing blocks.
     *
     * @param catalog the routes
     * @param path    the request path, starting with {@value #PREFIX}
     * @param pinned  the namespace named outright by the runtime's own call, or null for the URL rules
     */
    public static FunctionAddress resolve(RouteCatalog catalog, String path, String pinned) {
        int start = PREFIX.length();
        int end = segmentEnd(path, start);
        String first = path.substring(start, end);
        int at = first.indexOf('@');
        String name = at < 0 ? first : first.substring(0, at);
        String tag = at < 0 ? null : first.substring(at + 1);
        String namespace = pinned != null ? pinned : catalog.defaultNamespace();
        FunctionRoutes routes = catalog.find(namespace, name).orElse(null);
        if (routes != null || pinned != null || at >= 0 || end >= path.length()) {
            return new FunctionAddress(routes, name, namespace, tag, first, rest(path, end));
        }
        int secondEnd = segmentEnd(path, end + 1);
        String second = path.substring(end + 1, secondEnd);
        int secondAt = second.indexOf('@');
        String qualifiedName = secondAt < 0 ? second : second.substring(0, secondAt);
        FunctionRoutes qualified = qualifiedName.isEmpty() ? null : catalog.find(first, qualifiedName).orElse(null);
        if (qualified == null) {
            return new FunctionAddress(null, name, namespace, null, first, rest(path, end));
        }
        return new FunctionAddress(qualified, qualifiedName, first, secondAt < 0 ? null : second.substring(secondAt + 1),
                second, rest(path, secondEnd));
    }

    private static int segmentEnd(String path, int from) {
        int end = path.indexOf('/', from);
        return end < 0 ? path.length() : end;
    }

    private static String rest(String path, int end) {
        return end < path.length() ? path.substring(end) : "/";
    }
}
