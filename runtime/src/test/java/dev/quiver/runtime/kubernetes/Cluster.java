package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.Mode;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.contract.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;

/** Fixture builders and actions for tests on the mock API server: what the controller and kubelet would write. */
final class Cluster {

    final KubernetesClient client;
    final String namespace;

    Cluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** A Function with the controller's resolved traffic in its status. */
    Function function(String name, int scaleMax, List<TrafficTarget> resolvedTraffic) {
        Function function = new Function();
        function.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        function.getSpec().image = "registry.local/" + name + "@sha256:" + "1".repeat(64);
        function.getSpec().template = new FunctionTemplate();
        function.getSpec().template.scale = new ScaleSpec();
        function.getSpec().template.scale.max = scaleMax;
        Function created = client.resource(function).create();
        return setTraffic(created, resolvedTraffic);
    }

    /** Writes the Function's status.traffic as the controller does after resolving it. */
    Function setTraffic(Function function, List<TrafficTarget> resolvedTraffic) {
        Function current = client.resources(Function.class).inNamespace(namespace).withName(function.getMetadata().getName()).get();
        current.getStatus().traffic = resolvedTraffic;
        return client.resource(current).updateStatus();
    }

    /** A revision of the function with its containerConcurrency and timeout. */
    FunctionRevision revision(String function, String name, Mode mode, int containerConcurrency, int replicas) {
        return revision(function, name, mode, containerConcurrency, Integer.valueOf(replicas));
    }

    /** A revision as the controller makes it: {@code spec.replicas} unset until the autoscaler writes it. */
    FunctionRevision unscaledRevision(String function, String name) {
        return revision(function, name, Mode.Service, 0, null);
    }

    private FunctionRevision revision(String function, String name, Mode mode, int containerConcurrency, Integer replicas) {
        FunctionRevision revision = new FunctionRevision();
        revision.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(Map.of(Labels.FUNCTION, function)).build());
        revision.getSpec().functionName = function;
        revision.getSpec().image = "registry.local/" + function + "@sha256:" + "1".repeat(64);
        revision.getSpec().mode = mode;
        revision.getSpec().template = new FunctionTemplate();
        revision.getSpec().template.containerConcurrency = containerConcurrency;
        revision.getSpec().template.timeoutSeconds = 30;
        revision.getSpec().replicas = replicas;
        return client.resource(revision).create();
    }

    FunctionRevision revision(String name) {
        return client.resources(FunctionRevision.class).inNamespace(namespace).withName(name).get();
    }

    /** An EndpointSlice of a revision's Service, as the EndpointSlice controller writes it (Service labels copied). */
    EndpointSlice slice(String function, String revision, String sliceName, Map<String, Boolean> readyByIp) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(sliceName).withNamespace(namespace)
                        .withLabels(Map.of("kubernetes.io/service-name", revision, Labels.REVISION, revision,
                                Labels.FUNCTION, function)).build())
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort();
        readyByIp.forEach((ip, ready) -> slice.addToEndpoints(new EndpointBuilder().withAddresses(ip)
                .withNewConditions().withReady(ready).endConditions().build()));
        return client.resource(slice.build()).createOr(existing -> existing.update());
    }

    static TrafficTarget target(String revision, int percent) {
        return TrafficTarget.revision(revision, percent);
    }

    static void eventually(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(condition);
    }
}
