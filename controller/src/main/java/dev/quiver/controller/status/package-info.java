/**
 * Status aggregation: how the reconcilers' observations become the conditions, phases and events written to a
 * Function's, a revision's, a build's and a rollout's status. Pure: no Kubernetes client, no JOSDK context.
 */
package dev.quiver.controller.status;
