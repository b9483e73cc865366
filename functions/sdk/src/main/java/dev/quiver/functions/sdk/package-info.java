/**
 * The Quiver function SDK: what a Quarkus Funqy application adds to become a Quiver function.
 *
 * <p>Adding this jar to a Funqy ({@code quarkus-funqy-http}) application makes it honour the runtime contract
 * (docs/function-contract.md): it serves on {@code $PORT}, answers {@code GET /health/ready} and {@code GET /health/live}, drains
 * on SIGTERM (readiness turns 503, in-flight requests finish, the process exits), turns every failure into a JSON
 * body {@code {error, message, function, revision}}, serves a lone function on {@code /} as well as on its name,
 * and offers {@link dev.quiver.functions.sdk.QuiverClient} for calls to other functions that keep the caller's
 * route. It adds no Quarkus extension: each one costs start-up time.
 */
package dev.quiver.functions.sdk;
