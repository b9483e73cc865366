package dev.quiver.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard picks a namespace and functions, and each query keeps to them. That every metric it queries
 * is exported is checked where the meters are: the runtime's {@code DashboardMetricsTest} scrapes its registry.
 */
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b(quiver_[a-z_]+)");

    @Test
    void everyQueryKeepsToTheChosenNamespaceAndFunctions() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Manifests.deploy().resolve("grafana/quiver-runtime.json").toFile());
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variable -> variables.add(variable.path("name").asText()));
        assertThat(variables).contains("namespace", "function");

        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(15).allMatch(q -> !q.isBlank());
        Set<String> used = new TreeSet<>();
        queries.forEach(q -> used.addAll(names(q)));
        assertThat(used).contains("quiver_requests_total", "quiver_request_duration_seconds_bucket",
                "quiver_cold_starts_total", "quiver_cold_start_seconds_bucket", "quiver_trigger_dead_letters_total",
                "quiver_trigger_pending", "quiver_async_invocations_total", "quiver_job_runs_total",
                "quiver_autoscaler_desired_replicas");
        // the workers' in-flight gauge is the runtime's own, not a function's
        assertThat(queries).filteredOn(q -> !q.contains("quiver_async_in_flight"))
                .allMatch(q -> q.contains("namespace=~\"$namespace\"") && q.contains("function=~\"$function\""));
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
