package dev.quiver.api;

/** Authentication of HTTP invocations. */
public enum HttpAuth {
    /** No authentication. */
    None,
    /** A bearer key from a Secret. */
    ApiKey
}
