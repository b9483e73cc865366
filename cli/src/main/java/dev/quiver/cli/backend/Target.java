package dev.quiver.cli.backend;

/** Where the {@code quiver} commands find functions. */
public enum Target {
    /** The local runtime of {@code quiver dev}, through its admin API. */
    dev,
    /** A Kubernetes cluster, from the kubeconfig as kubectl finds it. */
    cluster
}
