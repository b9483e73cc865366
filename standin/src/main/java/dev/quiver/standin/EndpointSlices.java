package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The EndpointSlice controller: for every Service with a selector, one slice {@code <service>-<suffix>} labelled
 * with the Service's labels, {@code kubernetes.io/service-name} and {@code endpointslice.kubernetes.io/managed-by},
 * listing every matching pod with an address (ready/serving/terminating), owned by the Service.
 */
final class EndpointSlices {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGED_BY = "endpointslice-controller.k8s.io";

    private final Kubelet kubelet;
    /** What was last written per slice, so that an unchanged slice is not written again. */
    private final Map<String, EndpointSlice> written = new HashMap<>();

    EndpointSlices(Kubelet kubelet) {
        this.kubelet = kubelet;
    }

    void reconcile(List<Service> services, List<RunningPod> pods) {
        for (Service service : services) {
            if (service.getSpec() == null || service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty()
                    || service.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            EndpointSlice desired = slice(service, pods);
            String key = service.getMetadata().getNamespace() + "/" + desired.getMetadata().getName();
            if (desired.equals(written.get(key))) {
                continue;
            }
            try {
                kubelet.client().discovery().v1().endpointSlices().inNamespace(service.getMetadata().getNamespace())
                        .resource(desired).createOr(existing -> existing.update());
                written.put(key, desired);
            } catch (KubernetesClientException e) {
                System.getLogger(EndpointSlices.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot write EndpointSlice " + key + ": " + e.getMessage());
                written.remove(key);
            }
        }
    }

    private static EndpointSlice slice(Service service, List<RunningPod> pods) {
        String namespace = service.getMetadata().getNamespace();
        Map<String, String> selector = service.getSpec().getSelector();
        List<RunningPod> matching = pods.stream()
                .filter(p -> p.namespace.equals(namespace) && !p.hasEnded() && !p.isFinished()
                        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(p.labels().get(e.getKey()))))
                .sorted(Comparator.comparing(p -> p.name))
                .toList();
        List<Endpoint> endpoints = new ArrayList<>();
        for (RunningPod pod : matching) {
            endpoints.add(new EndpointBuilder()
                    .withAddresses(pod.ip)
                    .withNewConditions().withReady(pod.isReady()).withServing(pod.isServing())
                    .withTerminating(pod.isTerminating()).endConditions()
                    .withNodeName(Kubelet.NODE_NAME)
                    .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(namespace).withName(pod.name)
                            .withUid(pod.pod.getMetadata().getUid()).build())
                    .build());
        }
        List<EndpointPort> ports = new ArrayList<>();
        if (service.getSpec().getPorts() != null) {
            for (ServicePort port : service.getSpec().getPorts()) {
                Integer number = targetPort(port, matching);
                ports.add(new EndpointPortBuilder().withName(port.getName() == null ? "" : port.getName())
                        .withProtocol(port.getProtocol() == null ? "TCP" : port.getProtocol())
                        .withPort(number).withAppProtocol(port.getAppProtocol()).build());
            }
        }
        Map<String, String> labels = new TreeMap<>();
        if (service.getMetadata().getLabels() != null) {
            labels.putAll(service.getMetadata().getLabels());
        }
        labels.put(SERVICE_NAME_LABEL, service.getMetadata().getName());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(service.getMetadata().getName() + "-" + suffix(service.getMetadata().getUid()))
                .withNamespace(namespace)
                .withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                        .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withAddressType("IPv4")
                .withEndpoints(endpoints)
                .withPorts(ports)
                .build();
    }

    /** The target port by number, or by name resolved against the pods' container ports. */
    private static Integer targetPort(ServicePort port, List<RunningPod> pods) {
        if (port.getTargetPort() == null) {
            return port.getPort();
        }
        if (port.getTargetPort().getIntVal() != null) {
            return port.getTargetPort().getIntVal();
        }
        String name = port.getTargetPort().getStrVal();
        for (RunningPod pod : pods) {
            if (pod.container().getPorts() != null) {
                for (var containerPort : pod.container().getPorts()) {
                    if (name.equals(containerPort.getName())) {
                        return containerPort.getContainerPort();
                    }
                }
            }
        }
        return null;
    }

    /** A stable five-letter suffix from the Service's uid (the real controller picks a random one). */
    private static String suffix(String uid) {
        String hex = Digests.sha256((uid == null ? "" : uid).getBytes(StandardCharsets.UTF_8)).substring(7);
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(alphabet.charAt(Integer.parseInt(hex.substring(i * 2, i * 2 + 2), 16) % alphabet.length()));
        }
        return suffix.toString();
    }
}
