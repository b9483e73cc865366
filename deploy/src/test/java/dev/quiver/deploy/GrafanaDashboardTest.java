package dev.quiver.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard queries only metrics the runtime's gateway really exports. */
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b(quiver_[a-z_]+)");

    @Test
    void everyQueryUsesMetricsTheGatewayExports() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Manifests.deploy().resolve("grafana/quiver-runtime.json").toFile());
        String source = Files.readString(Manifests.root()
                .resolve("runtime/src/main/java/dev/quiver/runtime/gateway/GatewayMetrics.java"));
        Set<String> exported = names(source);

        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(8).allMatch(q -> !q.isBlank());
        Set<String> used = new TreeSet<>();
        queries.forEach(q -> used.addAll(names(q)));
        assertThat(exported).as("metrics in GatewayMetrics").isNotEmpty();
        assertThat(used).isNotEmpty().allMatch(exported::contains, "exported by GatewayMetrics " + exported);
        assertThat(used).contains("quiver_requests_total", "quiver_request_duration_seconds_bucket", "quiver_cold_starts_total");
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
