package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;

/** The {@code pod-template-hash} of a pod template: stable for the same template, short, label-safe. */
final class PodTemplateHash {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private PodTemplateHash() {
    }

    static String of(PodTemplateSpec template) {
        String digest = Digests.sha256(JSON.asJson(template).getBytes(StandardCharsets.UTF_8)).substring("sha256:".length());
        StringBuilder hash = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            hash.append(ALPHABET.charAt(Integer.parseInt(digest.substring(i * 2, i * 2 + 2), 16) % ALPHABET.length()));
        }
        return hash.toString();
    }
}
