package dev.quiver.controller.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.quiver.api.Function;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.standin.testing.Crds;
import dev.quiver.controller.testing.FakeKubelet;
import dev.quiver.api.testing.Fixtures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not part of the test suite; see bench/controller/README.md): N Functions created on the mock API
 * server, a fake kubelet marking each Deployment available as soon as it appears; prints the time until
 * all are Ready, the heap, and the writes made while nothing changes. Never fails on timing.
 *
 * <p>With {@code -Dbench.runtime=PATH} (the runtime's {@code quarkus-run.jar}) the runtime runs beside it as a process
 * ({@code QUIVER_PLATFORM=kubernetes}, a kubeconfig at this mock server), so that its informers, load reports and
 * autoscaler load the same API server, as in a cluster.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ControllerBench {

    private static final int FUNCTIONS = Integer.getInteger("bench.functions", 1000);
    private static final int NAMESPACES = 10;
    private static final String RUNTIME_JAR = System.getProperty("bench.runtime", "");

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void thousandFunctionsBecomeReady() throws Exception {
        KubernetesClient client = server.getClient();
        Crds.install(client);
        FakeKubelet kubelet = new FakeKubelet(client);
        ExecutorService marker = Executors.newFixedThreadPool(4);
        SharedIndexInformer<Deployment> informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                marker.submit(() -> kubelet.markAvailable(d.getMetadata().getNamespace(), d.getMetadata().getName()));
            }

            @Override
            public void onUpdate(Deployment oldObj, Deployment newObj) {
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
            }
        });
        Process runtime = RUNTIME_JAR.isBlank() ? null : startRuntime(client);
        resetPeaks();
        drainRequests();
        long cpuAtStart = processCpuNanos();
        long start = System.nanoTime();
        ExecutorService creators = Executors.newFixedThreadPool(8);
        for (int i = 0; i < FUNCTIONS; i++) {
            int n = i;
            creators.submit(() -> client.resource(Fixtures.function("bench-" + (n % NAMESPACES), "fn-" + n,
                    "registry.local/bench@sha256:" + "a".repeat(64))).create());
        }
        creators.shutdown();
        creators.awaitTermination(5, TimeUnit.MINUTES);
        long created = System.nanoTime();
        long ready = 0;
        while (ready < FUNCTIONS && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(5)) {
            drainRequests();
            Thread.sleep(250);
            ready = client.resources(Function.class).inAnyNamespace().list().getItems().stream()
                    .filter(f -> f.getStatus() != null && f.getStatus().isTrue(ConditionTypes.READY)).count();
        }
        long allReady = System.nanoTime();
        long cpuUntilReady = processCpuNanos() - cpuAtStart;
        long peakHeap = peakHeap();
        System.gc();
        long liveHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        drainRequests();
        Thread.sleep(5000);
        Map<String, Long> steady = new TreeMap<>();
        long steadyWrites = drainRequests(steady);
        String runtimeMemory = runtime == null ? "" : memoryOf(runtime);
        informer.close();
        marker.shutdownNow();
        if (runtime != null) {
            runtime.destroy();
            runtime.waitFor(30, TimeUnit.SECONDS);
        }

        System.out.println();
        System.out.printf("| metric (mock API server + fake kubelet, same JVM%s) | value |%n",
                runtime == null ? "" : "; runtime as a process against it");
        System.out.println("|---|---|");
        System.out.printf("| Functions | %d |%n", FUNCTIONS);
        System.out.printf("| Functions Ready | %d |%n", ready);
        System.out.printf("| time to create all (client side) | %.1f s |%n", (created - start) / 1e9);
        System.out.printf("| time until all Ready | %.1f s |%n", (allReady - start) / 1e9);
        System.out.printf("| peak heap during run (controller + mock server + test) | %d MB |%n", peakHeap >> 20);
        System.out.printf("| live heap after GC | %d MB |%n", liveHeap >> 20);
        System.out.printf("| CPU of this JVM until all Ready (controller + mock server + test) | %.1f s |%n",
                cpuUntilReady / 1e9);
        System.out.printf("| writes in 5 s of steady state | %d %s |%n", steadyWrites, steady);
        System.out.printf("| requests to the API server during the run (all clients) | %d reads, %d writes |%n",
                reads, writes);
        if (runtime != null) {
            System.out.printf("| runtime process memory and CPU | %s |%n", runtimeMemory);
        }
        System.out.printf("| load average at the end | %s |%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println();
    }

    private long reads;
    private long writes;

    /** Takes the recorded requests (they pile up in memory otherwise) and counts the writes among them. */
    private long drainRequests() throws InterruptedException {
        return drainRequests(new TreeMap<>());
    }

    /** Also counts the writes by method and resource kind (e.g. {@code PUT leases}). */
    private long drainRequests(Map<String, Long> byKind) throws InterruptedException {
        long drained = 0;
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            if ("GET".equals(request.getMethod())) {
                reads++;
            } else {
                writes++;
                drained++;
                byKind.merge(request.getMethod() + " " + kind(request.getPath()), 1L, Long::sum);
            }
        }
        return drained;
    }

    /** The resource kind of an API path: the segment after the namespace, or after the API version. */
    private static String kind(String path) {
        String[] parts = path.replaceAll("\\?.*", "").split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("namespaces") && i + 2 < parts.length) {
                return parts[i + 2] + (parts.length > i + 4 ? "/" + parts[i + 4] : "");
            }
        }
        return parts[parts.length - 1];
    }

    /** The runtime jar as a process, its kubeconfig at this mock server, as the runtime runs in a cluster. */
    private Process startRuntime(KubernetesClient client) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("quiver-bench-runtime-");
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), String.join("\n",
                "apiVersion: v1", "kind: Config",
                "clusters:", "- name: mock", "  cluster:", "    server: " + client.getConfiguration().getMasterUrl(),
                "    insecure-skip-tls-verify: true",
                "users:", "- name: mock", "  user:", "    token: mock",
                "contexts:", "- name: mock", "  context:", "    cluster: mock", "    user: mock",
                "    namespace: quiver-system",
                "current-context: mock", ""));
        ProcessBuilder builder = new ProcessBuilder("java", "-Dquarkus.http.port=" + freePort(),
                "-Dquiver.admin.port=" + freePort(), "-Dquarkus.management.port=" + freePort(), "-jar",
                Path.of(RUNTIME_JAR).toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("runtime.log").toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("QUIVER_PLATFORM", "kubernetes");
        builder.environment().put("QUIVER_KUBERNETES_RUNTIME_NAMESPACE", "quiver-system");
        Process process = builder.start();
        // Until it has started its informers (its log says so), so that the run measures them from the first Function.
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < end && !Files.readString(dir.resolve("runtime.log")).contains("started in")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the runtime exited: " + Files.readString(dir.resolve("runtime.log")));
            }
            Thread.sleep(200);
        }
        System.out.println("runtime running, log " + dir.resolve("runtime.log"));
        return process;
    }

    /** The process's resident memory and the CPU time it has used so far (user + system), from /proc. */
    private static String memoryOf(Process process) {
        try {
            String memory = Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
                    .map(line -> line.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("?");
            // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpuSeconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
            return memory + ", CPU " + cpuSeconds + " s since start";
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
