/**
 * Which addresses the runtime may connect to on a caller's behalf (callback URLs): pure address arithmetic, no
 * I/O client. {@link dev.quiver.runtime.outbound.AddressRange} is one CIDR block,
 * {@link dev.quiver.runtime.outbound.InternalAddresses} names the ranges that are never reached unless allowed,
 * {@link dev.quiver.runtime.outbound.OutboundPolicy} decides for a host and its resolved addresses.
 */
package dev.quiver.runtime.outbound;
