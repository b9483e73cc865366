package dev.quiver.controller.bench;

import dev.quiver.api.Function;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.controller.testing.Crds;
import dev.quiver.controller.testing.FakeKubelet;
import dev.quiver.controller.testing.Fixtures;
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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not part of the test suite; see bench/controller/README.md): N Functions created on the mock API
 * server, a fake kubelet marking each Deployment available as soon as it appears; prints the time until
 * all are Ready, the heap, and the writes made while nothing changes. Never fails on timing.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ControllerBench {

    private static final int FUNCTIONS = Integer.getInteger("bench.functions", 1000);
    private static final int NAMESPACES = 10;

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
        resetPeaks();
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
        long peakHeap = peakHeap();
        System.gc();
        long liveHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        drainRequests();
        Thread.sleep(5000);
        long steadyWrites = drainRequests();
        informer.close();
        marker.shutdownNow();

        System.out.println();
        System.out.println("| metric (mock API server + fake kubelet, same JVM) | value |");
        System.out.println("|---|---|");
        System.out.printf("| Functions | %d |%n", FUNCTIONS);
        System.out.printf("| Functions Ready | %d |%n", ready);
        System.out.printf("| time to create all (client side) | %.1f s |%n", (created - start) / 1e9);
        System.out.printf("| time until all Ready | %.1f s |%n", (allReady - start) / 1e9);
        System.out.printf("| peak heap during run (controller + mock server + test) | %d MB |%n", peakHeap >> 20);
        System.out.printf("| live heap after GC | %d MB |%n", liveHeap >> 20);
        System.out.printf("| writes in 5 s of steady state | %d |%n", steadyWrites);
        System.out.println();
    }

    /** Takes the recorded requests (they pile up in memory otherwise) and counts the writes among them. */
    private long drainRequests() throws InterruptedException {
        long writes = 0;
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            if (!"GET".equals(request.getMethod())) {
                writes++;
            }
        }
        return writes;
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
