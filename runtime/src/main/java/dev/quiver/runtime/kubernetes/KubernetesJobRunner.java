package dev.quiver.runtime.kubernetes;

import dev.quiver.api.FunctionRevision;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.jobs.JobAnswers;
import dev.quiver.runtime.kubernetes.model.JobManifests;
import dev.quiver.runtime.kubernetes.model.JobStates;
import dev.quiver.runtime.platform.JobRunner;
import dev.quiver.runtime.platform.RevisionRef;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Job mode on Kubernetes: one Job per event, stamped from the revision's PodTemplate ({@link JobManifests}). An
 * informer on the Jobs' pods sees the pod pass readiness; the event is then POSTed to the pod's IP as a CloudEvent
 * in HTTP binary mode; an informer on the Jobs sees it complete, and the result carries the answer and the
 * container's exit code. At most {@code scale.max} Jobs of a function run at once in the whole cluster, whatever
 * the number of runtime replicas: each Job first claims one of the function's slots ({@link JobSlots}, Leases in
 * the runtime's namespace), and an event that finds none free waits here for one.
 */
public final class KubernetesJobRunner implements JobRunner, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubernetesJobRunner.class);
    private static final String BY_JOB = "job";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a claimed slot may name a Job not created yet before another replica may take the slot over. */
    private static final Duration SLOT_GRACE = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final KubernetesRouteCatalog catalog;
    private final List<String> namespaces;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, RunningJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "quiver-k8s-jobs");
        thread.setDaemon(true);
        return thread;
    });
    private final JobSlots slots;
    /** Every result not completed yet, including events that wait for a slot: completed when the runner stops. */
    private final Set<CompletableFuture<InvocationResult>> open = ConcurrentHashMap.newKeySet();
    private Informers<Pod> pods;
    private Informers<Job> jobInformers;

    /**
     * A runner over the namespaces (empty for all); the catalog gives the revisions.
     *
     * @param runtimeNamespace where the Job slots' Leases live (the runtime's own namespace)
     * @param identity         this replica's name
     */
    public KubernetesJobRunner(KubernetesClient client, KubernetesRouteCatalog catalog, List<String> namespaces,
            String runtimeNamespace, String identity) {
        this.client = client;
        this.catalog = catalog;
        this.namespaces = List.copyOf(namespaces);
        this.slots = new JobSlots(client, runtimeNamespace, identity, this::jobRunning, Clock.systemUTC(),
                SLOT_GRACE);
    }

    /** A runner whose slots live in the first watched namespace ({@code default} when all are watched). */
    public KubernetesJobRunner(KubernetesClient client, KubernetesRouteCatalog catalog, List<String> namespaces) {
        this(client, catalog, namespaces, namespaces.isEmpty() ? "default" : namespaces.get(0),
                "runtime-" + UUID.randomUUID());
    }

    /** Starts the informers on the runtime's Jobs and their pods. */
    public KubernetesJobRunner start() {
        pods = Informers.start(namespaces,
                ns -> ns == null ? client.pods().inAnyNamespace().withLabel(JobManifests.JOB_LABEL)
                        : client.pods().inNamespace(ns).withLabel(JobManifests.JOB_LABEL),
                Map.of(BY_JOB, p -> List.of(key(p.getMetadata().getNamespace(),
                        p.getMetadata().getLabels().get(JobManifests.JOB_LABEL)))),
                Informers.onAnyChange(p -> changed(key(p.getMetadata().getNamespace(),
                        p.getMetadata().getLabels().get(JobManifests.JOB_LABEL)))));
        jobInformers = Informers.start(namespaces,
                ns -> ns == null ? client.batch().v1().jobs().inAnyNamespace()
                        .withLabel(Labels.MANAGED_BY, JobManifests.MANAGED_BY)
                        : client.batch().v1().jobs().inNamespace(ns).withLabel(Labels.MANAGED_BY, JobManifests.MANAGED_BY),
                Map.of(), Informers.onAnyChange(j -> changed(key(j.getMetadata().getNamespace(), j.getMetadata().getName()))));
        slots.start();
        return this;
    }

    @Override
    public CompletionStage<InvocationResult> run(RevisionRef revision, Invocation event) {
        long started = System.nanoTime();
        CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        FunctionRevision resource = catalog.revision(revision.namespace(), revision.revision()).orElse(null);
        if (resource == null) {
            result.complete(InvocationResult.failed("revision " + revision + " is not known to the runtime", Duration.ZERO));
            return result;
        }
        Duration timeout = event.timeout() != null ? event.timeout()
                : Duration.ofSeconds(resource.getSpec().templateOrDefault().timeoutSecondsOrDefault());
        // JobInvoker caps this replica's jobs; the slots cap the function's Jobs across every replica.
        AtomicInteger count = running.computeIfAbsent(key(revision.namespace(), revision.function()),
                k -> new AtomicInteger());
        count.incrementAndGet();
        open.add(result);
        result.whenComplete((r, e) -> {
            count.decrementAndGet();
            open.remove(result);
        });
        String name = JobManifests.jobName(revision.revision(), suffix());
        int cap = catalog.function(revision.namespace(), revision.function())
                .map(f -> f.getSpec().templateOrDefault().scaleOrDefault().maxOrDefault()).orElse(1);
        slots.claim(revision.namespace(), revision.function(), cap, key(revision.namespace(), name))
                .thenAccept(slot -> {
                    result.whenComplete((r, e) -> slots.release(slot));
                    if (!result.isDone()) {
                        executor.execute(() -> launch(revision, event, name, timeout, started, result));
                    }
                });
        return result;
    }

    /** Whether the Job ({@code namespace/name}) exists and has not ended, as the informer last saw it. */
    private boolean jobRunning(String jobKey) {
        int slash = jobKey.indexOf('/');
        Job job = jobInformers == null ? null : jobInformers.get(jobKey.substring(0, slash), jobKey.substring(slash + 1));
        return job != null && JobStates.outcome(job).isEmpty();
    }

    @Override
    public int running(String namespace, String function) {
        AtomicInteger count = running.get(key(namespace, function));
        return count == null ? 0 : count.get();
    }

    private void launch(RevisionRef revision, Invocation event, String name, Duration timeout, long started,
            CompletableFuture<InvocationResult> result) {
        try {
            PodTemplate template = client.resources(PodTemplate.class).inNamespace(revision.namespace())
                    .withName(revision.revision()).get();
            if (template == null) {
                result.complete(InvocationResult.failed("revision " + revision
                        + " has no Job template; is it a Job-mode revision the controller has deployed?", since(started)));
                return;
            }
            RunningJob job = new RunningJob(revision.namespace(), name, revision, event, started, timeout, result);
            jobs.put(key(revision.namespace(), name), job);
            result.whenComplete((r, e) -> jobs.remove(key(revision.namespace(), name)));
            client.batch().v1().jobs().inNamespace(revision.namespace())
                    .resource(JobManifests.job(template, name, event.id(), timeout.toSeconds())).create();
            LOG.debugf("%s: Job %s for event %s", revision, name, event.id());
            executor.schedule(() -> expire(job), timeout.toMillis() + JobManifests.START_MARGIN_SECONDS * 1000,
                    TimeUnit.MILLISECONDS);
            changed(key(revision.namespace(), name)); // its pod may already be known
        } catch (KubernetesClientException e) {
            result.complete(InvocationResult.failed("cannot create a Job for " + revision + ": " + e.getMessage(),
                    since(started)));
        }
    }

    /** Moves a job on after its pod or Job changed. */
    private void changed(String jobKey) {
        RunningJob job = jobs.get(jobKey);
        if (job == null) {
            return;
        }
        Pod pod = pods.byIndex(BY_JOB, jobKey).stream().findFirst().orElse(null);
        Job resource = jobInformers.get(job.namespace, job.name);
        synchronized (job) {
            if (pod != null && !job.posted && JobStates.podReady(pod)) {
                job.posted = true;
                post(job, pod);
            }
            Optional<Boolean> outcome = resource == null ? Optional.empty() : JobStates.outcome(resource);
            boolean ended = outcome.isPresent() || (pod != null && JobStates.podEnded(pod));
            if (!ended) {
                return;
            }
            Integer exit = pod == null ? null : JobStates.exitCode(pod).orElse(null);
            if (job.answer != null) {
                InvocationResult a = job.answer;
                job.result.complete(new InvocationResult(a.status(), a.contentType(), a.body(), a.revision(), a.error(),
                        since(job.started), exit == null ? (outcome.orElse(false) ? 0 : 1) : exit));
            } else if (!job.answerPending) {
                // Ended without being asked (it never became ready), or the answer callback is still to come.
                job.result.complete(new InvocationResult(0, null, null, job.revision.revision(),
                        "Job " + job.name + " ended before it answered the event", since(job.started), exit));
            }
        }
    }

    private void post(RunningJob job, Pod pod) {
        int port = pod.getSpec().getContainers().stream().filter(c -> ChildNames.CONTAINER.equals(c.getName()))
                .flatMap(c -> c.getPorts().stream()).filter(p -> "http".equals(p.getName()))
                .map(p -> p.getContainerPort()).findFirst().orElse(8080);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + pod.getStatus().getPodIP() + ":" + port + "/"))
                .timeout(job.timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(job.event.data()));
        GatewayInvoker.ceHeaders(job.event).forEach(request::header);
        job.event.headers().forEach(request::header);
        job.answerPending = true;
        http.sendAsync(request.build(), JobAnswers.handler(JobAnswers.MAX_BYTES)).whenComplete((response, error) -> {
            synchronized (job) {
                job.answerPending = false;
                if (error != null) {
                    job.answer = new InvocationResult(0, null, null, job.revision.revision(),
                            "the Job's pod could not be reached: " + error.getMessage(), since(job.started), null);
                } else if (response.body().exceeded()) {
                    job.answer = JobAnswers.tooLarge(response.statusCode(), job.revision.revision(),
                            since(job.started), null);
                } else {
                    int status = response.statusCode();
                    job.answer = new InvocationResult(status, response.headers().firstValue("content-type").orElse(null),
                            response.body().bytes(), job.revision.revision(), status >= 200 && status < 300 ? null
                                    : "the function answered " + status, since(job.started), null);
                }
            }
            changed(key(job.namespace, job.name));
        });
    }

    private void expire(RunningJob job) {
        if (job.result.isDone()) {
            return;
        }
        LOG.warnf("Job %s/%s did not finish within its timeout; deleting it", job.namespace, job.name);
        try {
            client.batch().v1().jobs().inNamespace(job.namespace).withName(job.name).delete();
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot delete Job %s: %s", job.name, e.getMessage());
        }
        job.result.complete(new InvocationResult(504, null, null, job.revision.revision(),
                "Job " + job.name + " did not finish within " + job.timeout.toSeconds() + "s", since(job.started), null));
    }

    private static String suffix() {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            suffix.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return suffix.toString();
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        jobs.values().forEach(job -> job.result.complete(InvocationResult.failed("the runtime is stopping", since(job.started))));
        List.copyOf(open).forEach(r -> r.complete(InvocationResult.failed("the runtime is stopping", Duration.ZERO)));
        if (pods != null) {
            pods.close();
        }
        if (jobInformers != null) {
            jobInformers.close();
        }
        slots.close();
    }

    /** One event's Job while it runs. */
    private static final class RunningJob {
        final String namespace;
        final String name;
        final RevisionRef revision;
        final Invocation event;
        final long started;
        final Duration timeout;
        final CompletableFuture<InvocationResult> result;
        boolean posted;
        boolean answerPending;
        InvocationResult answer;

        RunningJob(String namespace, String name, RevisionRef revision, Invocation event, long started, Duration timeout,
                CompletableFuture<InvocationResult> result) {
            this.namespace = namespace;
            this.name = name;
            this.revision = revision;
            this.event = event;
            this.started = started;
            this.timeout = timeout;
            this.result = result;
        }
    }
}
