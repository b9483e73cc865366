package dev.quiver.cli.fake;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.FunctionStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A namespace of the fabric8 mock API server as the CLI sees it: a kubeconfig
 * file pointing at it, and writes that stand in for the controller (objects with their status).
 */
public final class MockCluster {

    private final KubernetesClient client;
    private final String namespace;
    private final Path kubeconfig;

    /**
     * The test's namespace on the mock server of {@code client} (whose CRDs {@code MockApiTest} installed), with a
     * kubeconfig in {@code dir}.
     */
    public MockCluster(KubernetesClient client, String namespace, Path dir) {
        this.client = client;
        this.namespace = namespace;
        this.kubeconfig = dir.resolve("kubeconfig");
        String yaml = String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters: [{name: mock, cluster: {server: '" + client.getConfiguration().getMasterUrl()
                        + "', insecure-skip-tls-verify: true}}]",
                "users: [{name: tester, user: {token: not-checked}}]",
                "contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: " + namespace + "}}]",
                "current-context: mock", "");
        try {
            Files.writeString(kubeconfig, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The arguments that point a command at this namespace. */
    public String[] args(String... command) {
        return Stream.concat(Stream.of(command), Stream.of("--target", "cluster", "--kubeconfig", kubeconfig.toString()))
                .toArray(String[]::new);
    }

    /** The namespace. */
    public String namespace() {
        return namespace;
    }

    /** The client of the mock server. */
    public KubernetesClient client() {
        return client;
    }

    /** Creates the object in the namespace with its status, as the controller would have written it. */
    public <T extends HasMetadata> T createWithStatus(T object) {
        object.getMetadata().setNamespace(namespace);
        Object status = object instanceof Function f ? f.getStatus() : ((FunctionRevision) object).getStatus();
        T created = client.resource(object).create();
        setStatus(created, status);
        return client.resource(created).get();
    }

    /** Replaces the status of an object, as the controller does. */
    public <T extends HasMetadata> void setStatus(T object, Object status) {
        if (object instanceof Function f) {
            f.setStatus((FunctionStatus) status);
        } else {
            ((FunctionRevision) object).setStatus((FunctionRevisionStatus) status);
        }
        client.resource(object).inNamespace(namespace).updateStatus();
    }

    /** The function as stored now, or null. */
    public Function function(String name) {
        return client.resources(Function.class).inNamespace(namespace).withName(name).get();
    }

    /** All revisions in the namespace. */
    public List<FunctionRevision> revisions() {
        return client.resources(FunctionRevision.class).inNamespace(namespace).list().getItems();
    }
}
