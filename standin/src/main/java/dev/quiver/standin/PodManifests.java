package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.Map;
import java.util.TreeMap;

/** The pod objects a workload controller creates from its template, as the API receives them. */
final class PodManifests {

    private PodManifests() {
    }

    /**
     * A pod of the template, owned (as controller) by {@code owner}, bound to the stand-in's node and held by its
     * finalizer until its process has stopped.
     *
     * @param extraLabels labels added to the template's, like {@code pod-template-hash}
     */
    static Pod fromTemplate(HasMetadata owner, PodTemplateSpec template, String name, Map<String, String> extraLabels) {
        String namespace = owner.getMetadata().getNamespace();
        Map<String, String> labels = new TreeMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.putAll(extraLabels);
        OwnerReference ref = new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
                .withOwnerReferences(ref)
                .withFinalizers(Kubelet.FINALIZER)
                .endMetadata()
                .withSpec(template.getSpec())
                .editSpec().withNodeName(Kubelet.NODE_NAME).endSpec()
                .build();
    }
}
