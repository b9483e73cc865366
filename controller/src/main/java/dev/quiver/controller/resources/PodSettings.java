package dev.quiver.controller.resources;

import dev.quiver.api.contract.FunctionEnvironment;

import java.util.Optional;

/**
 * The cluster-wide settings every function pod is built with.
 *
 * @param addresses where function pods reach the platform: the in-cluster gateway and, when installed, NATS
 */
public record PodSettings(FunctionEnvironment.Addresses addresses) {

    /** The in-cluster address of the gateway Service that {@code deploy/} installs. */
    public static final String IN_CLUSTER_GATEWAY = "http://quiver-gateway.quiver-system.svc.cluster.local";

    /** The settings of an install without NATS, functions calling the gateway at its in-cluster address. */
    public static PodSettings defaults() {
        return new PodSettings(new FunctionEnvironment.Addresses(IN_CLUSTER_GATEWAY, Optional.empty()));
    }
}
