package dev.quiver.controller.resources;

import dev.quiver.api.contract.FunctionEnvironment;

import java.util.Optional;

/**
 * The cluster-wide settings every function pod is built with.
 *
 * @param addresses  where function pods reach the platform: the in-cluster gateway and, when installed, NATS
 * @param resources  requests and limits for what a template leaves out
 * @param scheduling node selector, tolerations, image pull Secrets and RuntimeClass of every function pod
 */
public record PodSettings(FunctionEnvironment.Addresses addresses, ResourceDefaults resources, PodScheduling scheduling) {

    /** The in-cluster address of the gateway Service that {@code deploy/} installs. */
    public static final String IN_CLUSTER_GATEWAY = "http://quiver-gateway.quiver-system.svc.cluster.local";

    /** Settings that leave scheduling to the cluster. */
    public PodSettings(FunctionEnvironment.Addresses addresses, ResourceDefaults resources) {
        this(addresses, resources, PodScheduling.none());
    }

    /** Settings without NATS or default resources, functions calling the gateway at its in-cluster address. */
    public static PodSettings defaults() {
        return new PodSettings(new FunctionEnvironment.Addresses(IN_CLUSTER_GATEWAY, Optional.empty()), ResourceDefaults.none());
    }
}
