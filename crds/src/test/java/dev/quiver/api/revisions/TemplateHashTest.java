package dev.quiver.api.revisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ApiJson;
import dev.quiver.api.FunctionSpec;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.testing.Functions;
import dev.quiver.api.Mode;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.TrafficTarget;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Only what a revision runs (image, mode, template but scale, config content) changes the hash. */
class TemplateHashTest {

    private static final String IMAGE = "registry.local/hello@sha256:" + "a".repeat(64);
    private static final Map<String, String> CONFIG = Map.of("ConfigMap/settings", TemplateHash.ofData(Map.of("k", "v")));

    @Test
    void scaleChangeKeepsTheHash() {
        assertThat(hashAfter(s -> s.template.scale.max = 50)).isEqualTo(hash(fullSpec()));
        assertThat(hashAfter(s -> s.template.scale = null)).isEqualTo(hash(fullSpec()));
    }

    @Test
    void triggerChangeKeepsTheHash() {
        assertThat(hashAfter(s -> s.triggers.nats.get(0).subject = "other")).isEqualTo(hash(fullSpec()));
        assertThat(hashAfter(s -> s.triggers = null)).isEqualTo(hash(fullSpec()));
    }

    @Test
    void trafficChangeKeepsTheHash() {
        assertThat(hashAfter(s -> s.traffic.set(0, TrafficTarget.latest(100)))).isEqualTo(hash(fullSpec()));
    }

    @Test
    void envChangeMakesANewHash() {
        assertThat(hashAfter(s -> s.template.env.add(new EnvVar("NEW", "1", null)))).isNotEqualTo(hash(fullSpec()));
        assertThat(hashAfter(s -> s.template.env.get(0).setValue("changed"))).isNotEqualTo(hash(fullSpec()));
    }

    @Test
    void modeChangeMakesANewHash() {
        assertThat(hashAfter(s -> s.mode = Mode.Job)).isNotEqualTo(hash(fullSpec()));
    }

    @Test
    void timeoutChangeMakesANewHash() {
        assertThat(hashAfter(s -> s.template.timeoutSeconds = 61)).isNotEqualTo(hash(fullSpec()));
    }

    @Test
    void imageChangeMakesANewHash() {
        assertThat(TemplateHash.of(IMAGE.replace('a', 'b'), fullSpec(), CONFIG)).isNotEqualTo(hash(fullSpec()));
    }

    @Test
    void configDataChangeMakesANewHash() {
        Map<String, String> changed = Map.of("ConfigMap/settings", TemplateHash.ofData(Map.of("k", "v2")));

        assertThat(TemplateHash.of(IMAGE, fullSpec(), changed)).isNotEqualTo(hash(fullSpec()));
    }

    @Test
    void spelledOutDefaultsEqualLeftOutOnes() {
        FunctionSpec implicit = Functions.valid("hello").build().getSpec();
        FunctionSpec explicit = Functions.valid("hello").build().getSpec();
        explicit.mode = Mode.Service;
        explicit.template = new FunctionTemplate();
        explicit.template.timeoutSeconds = 300;
        explicit.template.containerConcurrency = 0;
        explicit.template.scale = new ScaleSpec();

        assertThat(TemplateHash.of(IMAGE, explicit, Map.of())).isEqualTo(TemplateHash.of(IMAGE, implicit, Map.of()));
    }

    @Test
    void equalSpecsBuiltSeparatelyHashEqually() {
        assertThat(hash(fullSpec())).isEqualTo(hash(fullSpec())).hasSize(16).matches("[0-9a-f]{16}");
    }

    @Test
    void fieldAndKeyOrderOfTheYamlDoesNotMatter() {
        FunctionSpec inOrder = ApiJson.fromYaml("""
                mode: Service
                template:
                  timeoutSeconds: 30
                  env: [{name: A, value: "1"}]
                  resources: {requests: {cpu: 100m, memory: 64Mi}}
                """, FunctionSpec.class);
        FunctionSpec reordered = ApiJson.fromYaml("""
                template:
                  resources: {requests: {memory: 64Mi, cpu: 100m}}
                  env: [{value: "1", name: A}]
                  timeoutSeconds: 30
                mode: Service
                """, FunctionSpec.class);

        assertThat(TemplateHash.of(IMAGE, reordered, CONFIG)).isEqualTo(TemplateHash.of(IMAGE, inOrder, CONFIG));
    }

    @Test
    void configDigestIgnoresKeyOrderButNotContent() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");

        assertThat(TemplateHash.ofData(ab)).isEqualTo(TemplateHash.ofData(ba)).isNotEqualTo(TemplateHash.ofData(Map.of("a", "1")));
    }

    @Test
    void hashingLeavesTheSpecUntouched() {
        FunctionSpec spec = fullSpec();

        hash(spec);

        assertThat(spec).isEqualTo(fullSpec());
    }

    private static FunctionSpec fullSpec() {
        return Functions.full("hello").build().getSpec();
    }

    private static String hash(FunctionSpec spec) {
        return TemplateHash.of(IMAGE, spec, CONFIG);
    }

    private static String hashAfter(Consumer<FunctionSpec> change) {
        FunctionSpec spec = fullSpec();
        change.accept(spec);
        return hash(spec);
    }
}
