package dev.quiver.controller.status;

/**
 * Why the controller could not make the revision the Function asks for this time (a missing ConfigMap,
 * a name taken by someone else's object, a build not done): reported on a condition, with the reason a
 * person can act on.
 *
 * @param condition the condition it is reported on (LatestRevisionReady or BuildSucceeded)
 * @param status    False when the user must act, Unknown when time will fix it
 * @param reason    CamelCase reason
 * @param message   what is wrong and what to do
 */
public record Blocker(String condition, String status, String reason, String message) {
}
