/**
 * Gateway authentication as pure code: the API-key check of functions with {@code triggers.http.auth: ApiKey}
 * and the runtime's own key for the calls it makes to itself. No I/O, no HTTP types.
 */
package dev.quiver.runtime.auth;
