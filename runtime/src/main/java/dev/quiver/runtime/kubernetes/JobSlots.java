package dev.quiver.runtime.kubernetes;

import dev.quiver.runtime.kubernetes.model.JobSlotLeases;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The cluster-wide cap on a Job-mode function's running Jobs ({@code scale.max}), shared by every runtime replica
 * through slot Leases ({@link JobSlotLeases}). A replica claims a free slot before it creates a Job and gives it
 * back when the Job has ended; when every slot is held, the claim waits, first come first served on this replica,
 * and is tried again whenever a slot Lease is deleted (an informer tells) and every second (to take over the slots
 * of a replica that died). All API calls run on one background thread; no caller blocks.
 */
final class JobSlots implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobSlots.class);

    private final KubernetesClient client;
    private final String runtimeNamespace;
    private final String identity;
    private final Predicate<String> jobRunning;
    private final Clock clock;
    private final Duration grace;
    private final Map<String, Deque<Claim>> waiting = new LinkedHashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "quiver-k8s-job-slots");
        thread.setDaemon(true);
        return thread;
    });
    private Informers<Lease> leases;

    /** One Job waiting for a slot. */
    private record Claim(String namespace, String function, int cap, String job, CompletableFuture<String> slot) {
    }

    /**
     * @param runtimeNamespace where the slot Leases live
     * @param identity         this replica, written as the holder
     * @param jobRunning       whether the Job {@code namespace/name} exists and has not ended (from an informer)
     * @param grace            how long a claimed slot may name a Job that does not exist yet
     */
    JobSlots(KubernetesClient client, String runtimeNamespace, String identity, Predicate<String> jobRunning,
            Clock clock, Duration grace) {
        this.client = client;
        this.runtimeNamespace = runtimeNamespace;
        this.identity = identity;
        this.jobRunning = jobRunning;
        this.clock = clock;
        this.grace = grace;
    }

    /** Starts the informer on the slot Leases and the periodic retry. */
    JobSlots start() {
        leases = Informers.start(List.of(runtimeNamespace),
                ns -> client.leases().inNamespace(ns).withLabel(JobSlotLeases.LABEL), Map.of(),
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Lease lease) {
                    }

                    @Override
                    public void onUpdate(Lease before, Lease after) {
                    }

                    @Override
                    public void onDelete(Lease lease, boolean finalStateUnknown) {
                        execute(JobSlots.this::retryWaiting); // a slot was given back
                    }
                });
        worker.scheduleWithFixedDelay(this::retryWaiting, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    /**
     * Claims a slot of the function for the Job.
     *
     * @param cap the function's {@code scale.max} (at least 1)
     * @param job the Job that will hold it, {@code namespace/name}
     * @return the slot's Lease name, once claimed
     */
    CompletionStage<String> claim(String namespace, String function, int cap, String job) {
        Claim claim = new Claim(namespace, function, Math.max(1, cap), job, new CompletableFuture<>());
        execute(() -> {
            Deque<Claim> queue = waiting.computeIfAbsent(key(namespace, function), k -> new ArrayDeque<>());
            queue.addLast(claim);
            if (queue.peekFirst() == claim) {
                retry(queue);
            }
        });
        return claim.slot();
    }

    /** Gives a slot back (its Job has ended). */
    void release(String lease) {
        execute(() -> {
            try {
                client.leases().inNamespace(runtimeNamespace).withName(lease).delete();
            } catch (KubernetesClientException e) {
                LOG.warnf("cannot give back Job slot %s (another replica takes it over later): %s", lease,
                        e.getMessage());
            }
            retryWaiting();
        });
    }

    private void retryWaiting() {
        waiting.values().removeIf(queue -> {
            retry(queue);
            return queue.isEmpty();
        });
    }

    /** Claims slots for the queue's first claims while there are free ones. */
    private void retry(Deque<Claim> queue) {
        Claim next;
        while ((next = queue.peekFirst()) != null) {
            if (next.slot().isDone()) {
                queue.pollFirst(); // given up by the runner (it is stopping)
                continue;
            }
            String lease = tryClaim(next);
            if (lease == null) {
                return;
            }
            queue.pollFirst();
            next.slot().complete(lease);
        }
    }

    private String tryClaim(Claim claim) {
        for (int index = 0; index < claim.cap(); index++) {
            String name = JobSlotLeases.leaseName(claim.namespace(), claim.function(), index);
            Lease held = leases.get(runtimeNamespace, name);
            if (held != null && !takeOverAbandoned(held)) {
                continue;
            }
            try {
                client.leases().inNamespace(runtimeNamespace).resource(lease(name, claim)).create();
                return name;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.warnf("cannot claim Job slot %s: %s", name, e.getMessage());
                }
                // 409: another replica holds it (our cache had not seen it yet)
            }
        }
        return null;
    }

    /** Deletes a slot whose Job ended without giving it back; false when it is still in use. */
    private boolean takeOverAbandoned(Lease held) {
        String job = held.getMetadata().getAnnotations() == null ? null
                : held.getMetadata().getAnnotations().get(JobSlotLeases.JOB_ANNOTATION);
        ZonedDateTime claimed = held.getSpec() == null ? null : held.getSpec().getAcquireTime();
        if (!JobSlotLeases.abandoned(job != null && jobRunning.test(job), claimed == null ? null : claimed.toInstant(),
                clock.instant(), grace)) {
            return false;
        }
        try {
            // only the version we judged: a slot another replica has just claimed again is left alone
            client.leases().inNamespace(runtimeNamespace).withName(held.getMetadata().getName())
                    .lockResourceVersion(held.getMetadata().getResourceVersion()).delete();
            LOG.infof("Job slot %s held by %s for %s was abandoned; taking it over", held.getMetadata().getName(),
                    held.getSpec() == null ? null : held.getSpec().getHolderIdentity(), job);
            return true;
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private Lease lease(String name, Claim claim) {
        Instant now = clock.instant();
        return new LeaseBuilder()
                .withNewMetadata().withName(name).withNamespace(runtimeNamespace)
                .addToLabels(JobSlotLeases.LABEL, JobSlotLeases.functionHash(claim.namespace(), claim.function()))
                .addToAnnotations(JobSlotLeases.JOB_ANNOTATION, claim.job()).endMetadata()
                .withNewSpec().withHolderIdentity(identity)
                .withAcquireTime(ZonedDateTime.ofInstant(now, ZoneOffset.UTC)).endSpec()
                .build();
    }

    /** Runs on the worker; once stopped, nothing runs (held slots are taken over when their Jobs have ended). */
    private void execute(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("the Job slots are stopped; the task is dropped");
        }
    }

    private static String key(String namespace, String function) {
        return namespace + "/" + function;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        if (leases != null) {
            leases.close();
        }
    }
}
