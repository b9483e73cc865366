/**
 * Asynchronous HTTP invocations: a request that asks for it ({@code Prefer: respond-async} or
 * {@code X-Quiver-Async: true}) is stored in JetStream and answered 202 at once; a worker replays it through the
 * gateway, retries it with backoff, keeps its status in a key-value bucket ({@code GET /invocations/<id>}) and
 * posts the result to the caller's callback URL.
 */
package dev.quiver.runtime.async;
