/** The runtime's log format: JSON lines for log collectors ({@code quiver.log.format=json}). */
package dev.quiver.runtime.logging;
