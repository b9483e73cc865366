package dev.quiver.cli.bench;

import dev.quiver.standin.testing.FunctionFolders;
import dev.quiver.api.FunctionRevision;
import dev.quiver.builder.RegistryProcess;
import dev.quiver.builder.TestBaseImage;
import dev.quiver.cli.fake.CliRun;
import dev.quiver.standin.ClusterStandIn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Benchmark (not part of the suite; see bench/coldstart/README.md): cold start through the gateway on the cluster
 * stand-in against the local platform, in one run. The cluster path: the hello sample built by {@code quiver build}
 * (AOT cache trained with the base image's Java 25) and pushed to a loopback registry, the controller and the runtime
 * ({@code QUIVER_PLATFORM=kubernetes}) as processes against the stand-in's API server, a Function at
 * {@code scale.min: 0}; each start times {@code POST /fn/bench/hello} from a revision with no pod process to the
 * response. The local path is measured as {@code bench/coldstart/ColdStart.java} does (the runtime jar on the local
 * platform, retention 0 s), in the same run, its starts interleaved with the cluster's so that both see the same load.
 * Prints p50/p95 for both, the ratio, and where the time went on the cluster path. Never fails on timing.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -o -q -pl runtime,controller,cli,standin -am package
 * -DskipTests}: {@code ./mvnw -B -o -pl cli -am test -Dtest=ClusterColdStartBench -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.starts=10]}.
 */
class ClusterColdStartBench {

    private static final int STARTS = Integer.getInteger("bench.starts", 10);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String NAMESPACE = "bench";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** When each step of the wake-up was first seen, in ms after the request was sent. */
    private final Map<String, Double> phases = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile long sentAt;

    @Test
    void coldStartOnTheClusterAgainstTheLocalPlatform() throws Exception {
        Path dir = Files.createTempDirectory("quiver-cluster-coldstart-");
        Optional<Path> jre = TestBaseImage.java25Runtime();
        if (jre.isEmpty()) {
            System.out.println("no JDK 25 in /usr/lib/jvm: the images would have no AOT cache; not measured");
            return;
        }
        // The pods run the image's own Java (the jlinked runtime in the base image), as a container would: an AOT
        // cache is accepted only by the Java that made it.
        System.setProperty("quiver.standin.java", jre.get().resolve("bin/java").toString());
        List<Double> cluster = new ArrayList<>();
        List<Double> local = new ArrayList<>();
        List<Map<String, Double>> breakdown = new ArrayList<>();
        Path localFunctions = copyOfHello(dir.resolve("local")).getParent();
        Path localToken = localFunctions.resolve(".quiver").resolve("admin-token");
        Files.writeString(localFunctions.resolve("hello/function.yaml"), """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata:
                  name: hello
                spec:
                  template:
                    scale: {min: 0, max: 1, scaleToZeroGracePeriod: 0s}
                """);
        int localGateway = freePort();
        int localAdmin = freePort();
        // The local platform as ColdStart.java runs it: no retention (a true cold start), 1 s stable window.
        Process localRuntime = start(dir.resolve("local-runtime.log"), null, Map.of(),
                "-Dquarkus.http.port=" + localGateway, "-Dquiver.admin.port=" + localAdmin,
                "-Dquiver.local.functions-dir=" + localFunctions, "-Dquiver.local.retention=0s",
                "-Dquiver.autoscaler.stable-window=1s",
                "-jar", ROOT.resolve("runtime/target/quarkus-app/quarkus-run.jar").toString());
        try (RegistryProcess registry = RegistryProcess.start();
             ClusterStandIn standIn = ClusterStandIn.start(dir.resolve("cluster"))) {
            String base = TestBaseImage.pushWithJava(registry, jre.get());
            CliRun build = CliRun.of("build", copyOfHello(dir).toString(), "--registry", registry.host(),
                    "--base-image", base, "--insecure-registry", "--cache-dir", dir.resolve("jib-cache").toString(),
                    "--no-write-back");
            if (build.exitCode() != 0) {
                throw new IllegalStateException("quiver build failed: " + build.err());
            }
            String image = build.out().trim();
            System.out.println("built " + image + "\n" + build.err().lines().filter(l -> l.contains("AOT")).toList());
            Path kubeconfig = standIn.kubeconfig(NAMESPACE);
            int gateway = freePort();
            Process controller = start(dir.resolve("controller.log"), kubeconfig, Map.of(),
                    "-Dquarkus.http.port=" + freePort(), "-Dquarkus.management.port=" + freePort(),
                    "-jar", ROOT.resolve("controller/target/quarkus-app/quarkus-run.jar").toString());
            Process runtime = start(dir.resolve("runtime.log"), kubeconfig,
                    Map.of("QUIVER_PLATFORM", "kubernetes", "QUIVER_KUBERNETES_RUNTIME_NAMESPACE", NAMESPACE),
                    "-Dquarkus.http.port=" + gateway, "-Dquiver.admin.port=" + freePort(),
                    "-Dquarkus.management.port=" + freePort(), "-Dquiver.autoscaler.stable-window=1s",
                    "-jar", ROOT.resolve("runtime/target/quarkus-app/quarkus-run.jar").toString());
            List<SharedIndexInformer<?>> informers = watchPhases(standIn.client());
            try {
                standIn.client().resource("""
                        apiVersion: quiver.dev/v1alpha1
                        kind: Function
                        metadata:
                          name: hello
                          namespace: %s
                        spec:
                          image: %s
                          template:
                            timeoutSeconds: 60
                            scale: {min: 0, max: 1, scaleToZeroGracePeriod: 0s}
                          triggers:
                            http: {auth: None}
                        """.formatted(NAMESPACE, image)).create();
                // The first start pulls and unpacks the image: a one-time cost, not a cold start.
                waitFor("a first answer", Duration.ofMinutes(5), () -> post(gateway).statusCode() == 200);
                waitFor("the local hello to be built and ready", Duration.ofMinutes(8),
                        () -> get(localAdmin, localToken, "/v1/functions/hello").contains("\"latestReadyRevisionName\":\"hello-00001\""));
                System.out.println("warm-up answered; measuring " + STARTS + " cold starts on each, interleaved");
                for (int i = 0; i < STARTS; i++) {
                    // Both at zero before either start, so that neither's stopping process takes CPU from the other.
                    scaleToZero(standIn);
                    localAtZero(localAdmin, localToken);
                    Thread.sleep(1500);
                    local.add(localColdStart(localGateway, i));
                    scaleToZero(standIn);
                    localAtZero(localAdmin, localToken);
                    Thread.sleep(1500);
                    phases.clear();
                    sentAt = System.nanoTime();
                    Thread kubeletWatch = watchKubelet(standIn);
                    HttpResponse<String> response = post(gateway);
                    double elapsed = (System.nanoTime() - sentAt) / 1e6;
                    kubeletWatch.interrupt();
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("start " + i + " answered " + response.statusCode() + ": "
                                + response.body());
                    }
                    cluster.add(elapsed);
                    Map<String, Double> seen = new LinkedHashMap<>(phases);
                    breakdown.add(seen);
                    System.out.printf("cluster start %2d: %7.1f ms  %s%n", i + 1, elapsed, seen);
                }
            } finally {
                informers.forEach(SharedIndexInformer::close);
                stop(runtime);
                stop(controller);
            }
        } finally {
            stop(localRuntime);
        }
        double clusterP50 = percentile(cluster, 50);
        double localP50 = percentile(local, 50);
        System.out.printf("%nCold start through the gateway (POST /fn/.../hello), %d starts each, load average %s%n",
                STARTS, Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| platform | p50 ms | p95 ms | min ms | max ms |");
        System.out.println("|---|---|---|---|---|");
        row("cluster stand-in", cluster);
        row("local", local);
        System.out.printf("| ratio cluster/local | %.2f | %.2f | | |%n", clusterP50 / localP50,
                percentile(cluster, 95) / percentile(local, 95));
        System.out.println();
        System.out.println("Cluster path, median ms after the request was sent at which each step was first seen:");
        for (String phase : List.of("revision scaled", "deployment scaled", "pod created", "process started",
                "probe passed", "pod ready", "endpoint ready")) {
            List<Double> values = breakdown.stream().map(m -> m.get(phase)).filter(v -> v != null).toList();
            if (!values.isEmpty()) {
                System.out.printf("  %-18s %7.1f (of %d)%n", phase, percentile(values, 50), values.size());
            }
        }
        System.out.println();
    }

    /**
     * Waits until the revision has no pod left, not even a terminating one (a Pod object stays until its process has
     * stopped), scaling it to zero through its scale subresource if it lingers.
     */
    private void scaleToZero(ClusterStandIn standIn) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!standIn.kubelet().pods(NAMESPACE).isEmpty()
                || !standIn.client().pods().inNamespace(NAMESPACE).list().getItems().isEmpty()) {
            if (System.nanoTime() > deadline) {
                for (FunctionRevision revision : standIn.client().resources(FunctionRevision.class)
                        .inNamespace(NAMESPACE).list().getItems()) {
                    standIn.client().resources(FunctionRevision.class).inNamespace(NAMESPACE)
                            .withName(revision.getMetadata().getName()).scale(0);
                }
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Polls the kubelet stand-in every 2 ms for the steps that do not show in the API: the pod's process started
     * (a pid) and its readiness probe passed (before the Pod status is written).
     */
    private Thread watchKubelet(ClusterStandIn standIn) {
        long start = sentAt;
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (var pod : standIn.kubelet().pods(NAMESPACE)) {
                    if (pod.pid() > 0) {
                        phases.putIfAbsent("process started", (System.nanoTime() - start) / 1e6);
                    }
                    if (pod.ready()) {
                        phases.putIfAbsent("probe passed", (System.nanoTime() - start) / 1e6);
                    }
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-kubelet-watch");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Informers that note when each step of a wake-up first shows in the API. */
    private List<SharedIndexInformer<?>> watchPhases(KubernetesClient client) {
        List<SharedIndexInformer<?>> informers = new ArrayList<>();
        informers.add(client.resources(FunctionRevision.class).inNamespace(NAMESPACE).inform(
                on("revision scaled", r -> r.getSpec() != null && r.getSpec().replicas != null && r.getSpec().replicas > 0)));
        informers.add(client.apps().deployments().inNamespace(NAMESPACE).inform(
                on("deployment scaled", (Deployment d) -> d.getSpec().getReplicas() != null && d.getSpec().getReplicas() > 0)));
        informers.add(client.pods().inNamespace(NAMESPACE).inform(on("pod created", (Pod p) -> true)));
        informers.add(client.pods().inNamespace(NAMESPACE).inform(on("pod ready", (Pod p) -> p.getStatus() != null
                && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))));
        informers.add(client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).inform(
                on("endpoint ready", (EndpointSlice s) -> s.getEndpoints().stream()
                        .anyMatch(e -> e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady())))));
        return informers;
    }

    private <T extends HasMetadata> ResourceEventHandler<T> on(String phase, Predicate<T> reached) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                note(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                note(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            }

            private void note(T obj) {
                long start = sentAt;
                if (start != 0 && reached.test(obj)) {
                    phases.putIfAbsent(phase, (System.nanoTime() - start) / 1e6);
                }
            }
        };
    }

    /** One cold start on the local platform, as {@code bench/coldstart/ColdStart.java} measures it. */
    private static double localColdStart(int gateway, int i) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/fn/hello"))
                        .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        double elapsed = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("local start " + i + " answered " + response.statusCode() + ": " + response.body());
        }
        System.out.printf("local   start %2d: %7.1f ms%n", i + 1, elapsed);
        return elapsed;
    }

    /** Waits until the local platform has scaled hello to zero (the caller then lets the stopped process exit). */
    private static void localAtZero(int admin, Path token) throws Exception {
        waitFor("the local hello to scale to zero", Duration.ofMinutes(2), () -> {
            String revisions = get(admin, token, "/v1/functions/hello/revisions");
            return revisions.contains("\"actualReplicas\":0") && revisions.contains("\"desiredReplicas\":0");
        });
    }

    /** A GET of the admin API with the token the runtime keeps in its work folder (none yet: nothing answers). */
    private static String get(int port, Path token, String path) throws Exception {
        if (!Files.isRegularFile(token)) {
            return "";
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + Files.readString(token).strip()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Process start(Path log, Path kubeconfig, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (kubeconfig != null) {
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
        }
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static HttpResponse<String> post(int gateway) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/fn/" + NAMESPACE + "/hello"))
                        .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void row(String name, List<Double> values) {
        System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f |%n", name, percentile(values, 50), percentile(values, 95),
                Collections.min(values), Collections.max(values));
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private interface Check {
        boolean passes() throws Exception;
    }

    private static void waitFor(String what, Duration limit, Check check) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (check.passes()) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("gave up waiting for " + what);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path copyOfHello(Path dir) throws IOException {
        return FunctionFolders.copyFunction(ROOT.resolve("functions"), "hello", dir);
    }
}
