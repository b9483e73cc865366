package dev.quiver.runtime.platform;

/**
 * Where one ready replica of a revision serves HTTP.
 *
 * @param host a host name or IP address
 * @param port the port it serves on
 */
public record Endpoint(String host, int port) {
}
