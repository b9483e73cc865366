package dev.quiver.controller.resources;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import dev.quiver.api.revisions.TemplateHash;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.util.Map;
import java.util.TreeMap;

/**
 * Revision-owned immutable copies of the ConfigMaps and Secrets a template reads: the revision's pods read
 * the copy, so editing the original makes a new revision instead of changing a running one, and a rollback
 * brings the old configuration back with the old code.
 */
public final class ConfigCopies {

    private ConfigCopies() {
    }

    /** The content digest of a ConfigMap (text and binary keys), for the template hash. */
    public static String digest(ConfigMap source) {
        Map<String, String> all = new TreeMap<>();
        if (source.getData() != null) {
            source.getData().forEach((k, v) -> all.put("data/" + k, v));
        }
        if (source.getBinaryData() != null) {
            source.getBinaryData().forEach((k, v) -> all.put("binaryData/" + k, v));
        }
        return TemplateHash.ofData(all);
    }

    /** The content digest of a Secret, for the template hash (the digest, never the data, is stored). */
    public static String digest(Secret source) {
        Map<String, String> all = new TreeMap<>();
        if (source.getData() != null) {
            all.putAll(source.getData());
        }
        if (source.getStringData() != null) {
            source.getStringData().forEach((k, v) -> all.put("stringData/" + k, v));
        }
        return TemplateHash.ofData(all);
    }

    /** The revision's immutable copy of a ConfigMap. */
    public static ConfigMap copyOf(ConfigMap source, FunctionRevision revision) {
        return new ConfigMapBuilder()
                .withMetadata(copyMetadata(revision, ConfigSnapshot.Kind.ConfigMap, source.getMetadata().getName()))
                .withImmutable(true)
                .withData(source.getData())
                .withBinaryData(source.getBinaryData())
                .build();
    }

    /** The revision's immutable copy of a Secret, keeping its type. */
    public static Secret copyOf(Secret source, FunctionRevision revision) {
        return new SecretBuilder()
                .withMetadata(copyMetadata(revision, ConfigSnapshot.Kind.Secret, source.getMetadata().getName()))
                .withImmutable(true)
                .withType(source.getType())
                .withData(source.getData())
                .withStringData(source.getStringData())
                .build();
    }

    private static ObjectMeta copyMetadata(FunctionRevision revision, ConfigSnapshot.Kind kind, String source) {
        String revisionName = revision.getMetadata().getName();
        return new ObjectMetaBuilder()
                .withName(ChildNames.configCopy(revisionName, kind, source))
                .withNamespace(revision.getMetadata().getNamespace())
                .withLabels(Labels.ofRevision(revision))
                .withOwnerReferences(Owners.controllerRef(revision))
                .build();
    }
}
