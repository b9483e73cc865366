/**
 * The pure side of event triggers: which subscriptions and consumers the functions ask for (names defaulted),
 * how a message becomes a CloudEvent invocation, and what a dead-lettered message carries. No NATS client here.
 */
package dev.quiver.runtime.events.plan;
