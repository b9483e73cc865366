package dev.quiver.runtime.kubernetes;

import dev.quiver.api.contract.ChildNames;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the Job controller and the kubelet: for each Job the runtime creates it makes the pod, runs the
 * "function" as a real HTTP server on a free port of 127.0.0.1 (the pod's IP), marks the pod ready, and once the
 * function has answered marks the pod and the Job finished. The function answers only when the test releases it,
 * so the test can see how many Jobs run at once.
 */
final class JobKubelet implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final Semaphore answers = new Semaphore(0);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final Map<String, Map<String, String>> eventsByJob = new ConcurrentHashMap<>();
    private final Map<String, HttpServer> servers = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Watch watch;

    JobKubelet(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                    threads.execute(() -> run(job));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** Lets that many waiting functions answer. */
    void answer(int count) {
        answers.release(count);
    }

    int running() {
        return running.get();
    }

    int maxRunning() {
        return maxRunning.get();
    }

    /** The ce-* headers and QUIVER_MODE each Job's function received, by Job name. */
    Map<String, Map<String, String>> events() {
        return eventsByJob;
    }

    private void run(Job job) {
        String name = job.getMetadata().getName();
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        String mode = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> "QUIVER_MODE".equals(e.getName())).map(e -> e.getValue()).findFirst().orElse("");
        HttpServer server = server(name, mode);
        Pod pod = new PodBuilder()
                .withNewMetadataLike(job.getSpec().getTemplate().getMetadata()).withName(name + "-pod")
                .withNamespace(namespace).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build();
        pod.getSpec().getContainers().get(0).setPorts(List.of(new ContainerPortBuilder().withName("http")
                .withContainerPort(server.getAddress().getPort()).build()));
        Pod created = client.resource(pod).create();
        created.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build()).build());
        client.resource(created).updateStatus();
    }

    private HttpServer server(String job, String mode) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                Map<String, String> seen = new ConcurrentHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> {
                    if (k.toLowerCase().startsWith("ce-")) {
                        seen.put(k.toLowerCase(), v.get(0));
                    }
                });
                seen.put("QUIVER_MODE", mode);
                seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                eventsByJob.put(job, seen);
                answers.acquireUninterruptibly();
                byte[] body = ("{\"job\":\"" + job + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("content-type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                finish(job);
            });
            server.setExecutor(threads);
            server.start();
            servers.put(job, server);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The function exited 0 after its answer: the pod succeeded and the Job completed. */
    private void finish(String job) {
        running.decrementAndGet();
        Pod pod = client.pods().inNamespace(namespace).withName(job + "-pod").get();
        pod.setStatus(new PodStatusBuilder(pod.getStatus()).withPhase("Succeeded")
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("False").build())
                .withContainerStatuses(new ContainerStatusBuilder().withName(ChildNames.CONTAINER)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).endTerminated().build())
                        .build()).build());
        client.resource(pod).updateStatus();
        Job current = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
        current.setStatus(new JobStatusBuilder().withSucceeded(1)
                .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
        client.resource(current).updateStatus();
    }

    @Override
    public void close() {
        watch.close();
        answers.release(1000);
        servers.values().forEach(s -> s.stop(0));
        threads.shutdownNow();
    }
}
