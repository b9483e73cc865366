package dev.quiver.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.traffic.RoutingTable;
import dev.quiver.runtime.app.AutoscalerMeters;
import dev.quiver.runtime.events.plan.JetStreamBinding;
import dev.quiver.runtime.gateway.GatewayHarness;
import dev.quiver.runtime.gateway.Routes;
import dev.quiver.runtime.gateway.Scrape;
import dev.quiver.runtime.async.AsyncMeters;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.jobs.JobInvoker;
import dev.quiver.runtime.platform.JobRunner;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.routing.RouteCatalog;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboard ({@code deploy/grafana/quiver-runtime.json}) queries is in a scrape of the
 * runtime's registry once the gateway served a request and a trigger, an asynchronous call, a job and the autoscaler
 * have each counted something; and every family carries the {@code namespace} label.
 */
class DashboardMetricsTest {

    private static final Pattern METRIC = Pattern.compile("\\b(quiver_[a-z_]+)");
    private static final String V1 = "hello-00001";

    @Test
    void everyMetricTheDashboardQueriesIsInAScrapeWithANamespaceLabel() throws Exception {
        try (GatewayHarness harness = GatewayHarness.start()) {
            harness.catalog.with(Routes.function("hello").split(V1, 100));
            harness.ready(V1, (upstream, request) -> request.response().end("ok"));
            assertThat(harness.send("GET", "/fn/hello", Map.of(), null).statusCode()).isEqualTo(200);
            PrometheusMeterRegistry registry = (PrometheusMeterRegistry) harness.gateway.meterRegistry();
            TriggerCounters counters = new TriggerCounters();
            counters.delivered.incrementAndGet();
            TriggerMeters.core(registry, "default", "hello", "hello.request", counters);
            TriggerMeters.jetstream(registry, new JetStreamBinding("default", "hello", 1, "HELLO", "hello.events",
                    false, "quiver-default-hello-1", 5, Duration.ofSeconds(30), List.of(Duration.ofSeconds(1)), null, 100,
                    Duration.ofSeconds(30)), counters, () -> 3);
            new AsyncMeters(registry).count("default", "hello", "accepted");
            new AsyncMeters(registry).worker(() -> 0);
            runOneJob(registry);
            new AutoscalerMeters(registry).decided(Routes.ref(V1), 1, 1);

            Scrape scrape = Scrape.of(registry.scrape());
            Set<String> exported = new TreeSet<>();
            scrape.samples().forEach(sample -> exported.add(sample.name()));
            Set<String> used = dashboardMetrics();

            assertThat(used).hasSizeGreaterThanOrEqualTo(15).allSatisfy(name -> assertThat(exported)
                    .as("exported by the runtime").contains(name));
            assertThat(scrape.samples()).filteredOn(sample -> sample.name().startsWith("quiver_")
                    && !sample.name().equals("quiver_async_in_flight"))
                    .isNotEmpty().allSatisfy(sample -> assertThat(sample.labels()).containsKey("namespace"));
            assertThat(scrape.value("quiver_job_runs_total", "function", "job", "outcome", "succeeded"))
                    .hasValue(1.0);
            assertThat(scrape.value("quiver_trigger_pending", "kind", "jetstream")).hasValue(3.0);
        }
    }

    private static void runOneJob(PrometheusMeterRegistry registry) throws Exception {
        RevisionRef ref = new RevisionRef("default", "job", "job-00001");
        FunctionRoutes routes = new FunctionRoutes("default", "job",
                RoutingTable.of(List.of(TrafficTarget.revision(ref.revision(), 100))),
                Map.of(ref.revision(), new RevisionSettings(ref, 0, Duration.ofSeconds(30), new ScaleSpec())), Set.of());
        RouteCatalog catalog = new RouteCatalog() {
            @Override
            public Optional<FunctionRoutes> find(String namespace, String functionName) {
                return Optional.of(routes);
            }

            @Override
            public String defaultNamespace() {
                return "default";
            }
        };
        JobRunner runner = new JobRunner() {
            @Override
            public CompletionStage<InvocationResult> run(RevisionRef revision, Invocation event) {
                return CompletableFuture.completedFuture(new InvocationResult(200, "text/plain", new byte[0],
                        revision.revision(), null, Duration.ofMillis(5), 0));
            }

            @Override
            public int running(String namespace, String function) {
                return 0;
            }
        };
        new JobInvoker(catalog, runner, Clock.systemUTC(), registry)
                .invoke(new Invocation("default", "job", "e1", "test", "t", null, null, "text/plain", new byte[0],
                        Map.of(), null))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Set<String> dashboardMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("..", "deploy", "grafana", "quiver-runtime.json")
                .toFile());
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> queries.add(target.path("expr").asText())));
        Set<String> names = new TreeSet<>();
        for (String query : queries) {
            Matcher matcher = METRIC.matcher(query);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }
}
