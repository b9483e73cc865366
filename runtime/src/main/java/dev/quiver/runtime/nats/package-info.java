/** The runtime's connection to NATS. */
package dev.quiver.runtime.nats;
