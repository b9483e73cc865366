package dev.quiver.api.revisions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.FunctionSpec;
import dev.quiver.api.FunctionTemplate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint that decides whether a Function needs a new revision: it covers the image, the mode,
 * the template (but not its scale) and the content of the configuration the template reads. Scale,
 * trigger and traffic changes, and defaults spelt out or left implicit, never change it.
 */
public final class TemplateHash {

    private TemplateHash() {
    }

    /**
     * The fingerprint of a revision's inputs.
     *
     * @param image      the resolved image (by digest when known)
     * @param spec       the Function's spec (mode and template are read)
     * @param configData a digest per referenced ConfigMap/Secret ("ConfigMap/name" → content digest); may be empty
     */
    public static String of(String image, FunctionSpec spec, Map<String, String> configData) {
        ObjectNode inputs = ApiJson.json().createObjectNode();
        inputs.put("image", image);
        inputs.put("mode", spec.modeOrDefault().name());
        inputs.set("template", ApiJson.tree(withoutScale(spec.templateOrDefault())));
        inputs.set("config", ApiJson.tree(new TreeMap<>(configData)));
        return sha256(ApiJson.toJson(inputs)).substring(0, 16);
    }

    /** A digest of a ConfigMap's or Secret's data, for {@link #of}'s configData. */
    public static String ofData(Map<String, String> data) {
        return sha256(ApiJson.toJson(new TreeMap<>(data == null ? Map.of() : data))).substring(0, 16);
    }

    private static FunctionTemplate withoutScale(FunctionTemplate template) {
        FunctionTemplate copy = ApiJson.copy(template, FunctionTemplate.class);
        copy.scale = null;
        // Spelling out a default must not make a revision: normalise to the explicit value.
        copy.timeoutSeconds = template.timeoutSecondsOrDefault();
        copy.containerConcurrency = template.containerConcurrencyOrDefault();
        return copy;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
