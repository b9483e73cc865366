package dev.quiver.standin;

import dev.quiver.standin.testing.Ports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The kubelet and the workload controllers a test cluster needs, in one serialized reconcile loop (run on every watch
 * event and every second): Deployments and Jobs become pods, each a local process on its own loopback address
 * ({@link RunningPod}); Pod, Deployment and Job status are written back; Services get EndpointSlices; objects whose
 * owners are gone are collected.
 */
public final class Kubelet {

    /** The node name written to pods. */
    static final String NODE_NAME = "standin";
    /** Finalizer on every pod the stand-in runs: a deleted pod stays (terminating) until its process has stopped. */
    static final String FINALIZER = "standin.quiver.dev/kubelet";
    private static final System.Logger LOG = System.getLogger(Kubelet.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesClient client;
    private final Path workDir;
    private final ImageStore images;
    private final Map<String, RunningPod> pods = new ConcurrentHashMap<>();
    private final PodStatusWriter statuses;
    /** Uids of pods this stand-in ran and let go: a lagging watch cache must not bring them back. */
    private final Set<String> retired = new HashSet<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "standin-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final LoopbackAddresses addresses = new LoopbackAddresses();
    private final Deployments deployments;
    private final Jobs jobs;
    private final CronJobs cronJobs;
    private final EndpointSlices slices;
    private final GarbageCollector collector;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Deployment> deploymentInformer;
    private SharedIndexInformer<Job> jobInformer;
    private SharedIndexInformer<CronJob> cronJobInformer;
    private SharedIndexInformer<Service> serviceInformer;
    private SharedIndexInformer<Pod> podInformer;
    /** Kills the pod processes if the test's JVM ends without closing the stand-in (they would outlive it). */
    private final Thread reaper = new Thread(() -> pods.values().forEach(RunningPod::kill), "standin-reaper");
    private volatile boolean closed;
    private volatile long passes;
    private volatile String lastError;
    private long lastCollection;

    Kubelet(KubernetesClient client, Path workDir) {
        this.client = client;
        this.workDir = workDir;
        this.images = new ImageStore(workDir.resolve("image-cache"));
        this.deployments = new Deployments(this);
        this.jobs = new Jobs(this);
        this.cronJobs = new CronJobs(this);
        this.slices = new EndpointSlices(this);
        this.collector = new GarbageCollector(client);
        this.statuses = new PodStatusWriter(client);
    }

    void start() {
        deploymentInformer = watch(client.apps().deployments().inAnyNamespace().inform());
        jobInformer = watch(client.batch().v1().jobs().inAnyNamespace().inform());
        cronJobInformer = watch(client.batch().v1().cronjobs().inAnyNamespace().inform());
        serviceInformer = watch(client.services().inAnyNamespace().inform());
        podInformer = watch(client.pods().inAnyNamespace().inform());
        loop.scheduleWithFixedDelay(this::pass, 0, 1, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> watch(SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                kick();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                kick();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                kick();
            }
        });
        informers.add(informer);
        return informer;
    }

    /** The live pod processes of every namespace (terminating ones excluded), oldest first. */
    public List<PodProcess> pods() {
        return pods.values().stream().filter(p -> !p.isTerminating() && !p.hasEnded())
                .sorted(Comparator.comparingLong(p -> p.sequence)).map(RunningPod::view).toList();
    }

    /** The live pod processes of a namespace (terminating ones excluded), oldest first. */
    public List<PodProcess> pods(String namespace) {
        return pods.values().stream().filter(p -> p.namespace.equals(namespace) && !p.isTerminating() && !p.hasEnded())
                .sorted(Comparator.comparingLong(p -> p.sequence)).map(RunningPod::view).toList();
    }

    /** SIGKILLs a pod's process, as a crash; its restartPolicy applies. */
    public void kill(String namespace, String podName) {
        RunningPod pod = pods.get(namespace + "/" + podName);
        if (pod == null) {
            throw new IllegalArgumentException("no pod " + namespace + "/" + podName + " runs here");
        }
        pod.kill();
    }

    /** The log file of a pod: its process's stdout and stderr, with the stand-in's own lines marked. */
    public Path log(String namespace, String podName) {
        RunningPod pod = pods.get(namespace + "/" + podName);
        return pod != null ? pod.log : workDir.resolve("pods").resolve(namespace).resolve(podName).resolve("container.log");
    }

    /** Every pod the stand-in knows, one line each with its state and log file: for test failure messages. */
    public String describe() {
        StringBuilder text = new StringBuilder("reconcile passes: " + passes + (lastError == null ? "" : ", last error: " + lastError) + "\n");
        pods.values().stream().sorted(Comparator.comparingLong(p -> p.sequence))
                .forEach(p -> p.describe().forEach(line -> text.append(line).append('\n')));
        return text.toString();
    }

    /** How many reconcile passes have completed (tests wait for a few more to see that nothing changes). */
    long passes() {
        return passes;
    }

    /** Asks for a reconcile pass soon (coalesced). */
    void kick() {
        if (!closed && pending.compareAndSet(false, true)) {
            try {
                loop.execute(this::pass);
            } catch (RejectedExecutionException stopping) {
                pending.set(false);
            }
        }
    }

    private void pass() {
        pending.set(false);
        if (closed) {
            return;
        }
        try {
            noticeDeletedPods();
            adoptBarePods();
            for (Deployment deployment : deploymentInformer.getStore().list()) {
                deployments.reconcile(deployment);
            }
            for (Job job : jobInformer.getStore().list()) {
                jobs.reconcile(job);
            }
            List<Job> allJobs = jobInformer.getStore().list();
            for (var cronJob : cronJobInformer.getStore().list()) {
                cronJobs.reconcile(cronJob, allJobs);
            }
            deployments.forgetMissing(deploymentInformer.getStore().list());
            jobs.forgetMissing(jobInformer.getStore().list());
            statuses.write(pods.values());
            slices.reconcile(serviceInformer.getStore().list(), List.copyOf(pods.values()));
            // Mark terminating (endpoint not ready) first, in this pass; signal afterwards.
            pods.values().stream().filter(p -> p.isTerminating() && !p.isStopping()).forEach(RunningPod::requestStop);
            removeFinishedPods();
            if (System.currentTimeMillis() - lastCollection >= 1000) {
                lastCollection = System.currentTimeMillis();
                collector.collect();
            }
            passes++;
        } catch (KubernetesClientException e) {
            lastError = e.toString();
            LOG.log(System.Logger.Level.DEBUG, "reconcile pass: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            // Never let an exception end the scheduled loop.
            lastError = e + " at " + Arrays.stream(e.getStackTrace()).limit(4).map(String::valueOf)
                    .collect(Collectors.joining(" < "));
            LOG.log(System.Logger.Level.WARNING, "reconcile pass failed", e);
        }
    }

    /** Pods deleted in the API (marked for deletion, or gone) are stopped. */
    private void noticeDeletedPods() {
        for (RunningPod pod : pods.values()) {
            Pod inApi = podInformer.getStore().getByKey(pod.namespace + "/" + pod.name);
            if (inApi != null && pod.pod.getMetadata().getUid() != null
                    && pod.pod.getMetadata().getUid().equals(inApi.getMetadata().getUid())) {
                pod.seenInApi = true;
                if (inApi.getMetadata().getDeletionTimestamp() != null && !pod.isTerminating()) {
                    pod.note("deleted in the API: terminating");
                    pod.markTerminating();
                }
            } else if (pod.seenInApi && !pod.isTerminating()) {
                pod.note("gone from the API: terminating");
                pod.markTerminating();
            }
        }
    }

    /** Pods made by others directly in the API (not by a Deployment or Job here) run too, as a kubelet runs any pod. */
    private void adoptBarePods() {
        for (Pod pod : podInformer.getStore().list()) {
            String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            if (pods.containsKey(key) || retired.contains(pod.getMetadata().getUid()) || pod.getMetadata().getDeletionTimestamp() != null
                    || pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()
                    || (pod.getSpec().getNodeName() != null && !NODE_NAME.equals(pod.getSpec().getNodeName()))
                    || (pod.getStatus() != null && pod.getStatus().getPodIP() != null)) {
                continue;
            }
            try {
                Pod current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
                if (current == null || !current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
                    continue;
                }
                current.getMetadata().getFinalizers().add(FINALIZER);
                current.getSpec().setNodeName(NODE_NAME);
                Pod adopted = client.pods().inNamespace(current.getMetadata().getNamespace()).resource(current).update();
                String owner = adopted.getMetadata().getOwnerReferences() == null ? null : adopted.getMetadata().getOwnerReferences()
                        .stream().filter(o -> Boolean.TRUE.equals(o.getController())).map(OwnerReference::getUid).findFirst().orElse(null);
                start(adopted, owner, null);
            } catch (KubernetesClientException e) {
                LOG.log(System.Logger.Level.DEBUG, "adopt pod " + key + ": " + e.getMessage());
            }
        }
    }

    /** Creates a pod object from a template and starts running it. */
    RunningPod createPod(HasMetadata owner, PodTemplateSpec template, String namePrefix, Map<String, String> extraLabels,
            String templateHash) {
        String namespace = owner.getMetadata().getNamespace();
        String name = namePrefix + "-" + suffix(5);
        Pod pod = PodManifests.fromTemplate(owner, template, name, extraLabels);
        Pod created = client.pods().inNamespace(namespace).resource(pod).create();
        return start(created, owner.getMetadata().getUid(), templateHash);
    }

    private RunningPod start(Pod pod, String ownerUid, String templateHash) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Path dir = workDir.resolve("pods").resolve(namespace).resolve(name);
        RunningPod running = new RunningPod(this, pod, ownerUid, templateHash, sequence.incrementAndGet(), addresses.allocate(pod), dir);
        pods.put(namespace + "/" + name, running);
        running.start();
        return running;
    }

    /** Starts the graceful removal of a pod: terminating now, deleted in the API, stopped after this pass. */
    void removePod(RunningPod pod) {
        if (pod.isTerminating()) {
            return;
        }
        pod.markTerminating();
        pod.note("removed by its controller: terminating");
        try {
            client.pods().inNamespace(pod.namespace).withName(pod.name).delete();
        } catch (KubernetesClientException e) {
            LOG.log(System.Logger.Level.DEBUG, "delete pod " + pod.name + ": " + e.getMessage());
        }
    }

    /** The pods (not yet removed) whose controller is the owner with this uid. */
    List<RunningPod> podsOf(String ownerUid) {
        return pods.values().stream().filter(p -> ownerUid.equals(p.ownerUid))
                .sorted(Comparator.comparingLong(p -> p.sequence)).toList();
    }

    /** Pods whose process has stopped after a removal: the finalizer goes, so the API server deletes them. */
    private void removeFinishedPods() {
        for (RunningPod pod : List.copyOf(pods.values())) {
            if (!pod.isFinished()) {
                continue;
            }
            String key = pod.namespace + "/" + pod.name;
            try {
                Pod current = client.pods().inNamespace(pod.namespace).withName(pod.name).get();
                if (current != null && current.getMetadata().getFinalizers() != null
                        && current.getMetadata().getFinalizers().contains(FINALIZER)) {
                    current.getMetadata().getFinalizers().remove(FINALIZER);
                    if (current.getMetadata().getDeletionTimestamp() == null) {
                        client.pods().inNamespace(pod.namespace).resource(current).update();
                        client.pods().inNamespace(pod.namespace).withName(pod.name).delete();
                    } else {
                        client.pods().inNamespace(pod.namespace).resource(current).update();
                    }
                }
                pods.remove(key);
                statuses.forget(key);
                retired.add(pod.pod.getMetadata().getUid());
            } catch (KubernetesClientException e) {
                LOG.log(System.Logger.Level.DEBUG, "finalize pod " + key + ": " + e.getMessage());
            }
        }
    }

    static String suffix(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    KubernetesClient client() {
        return client;
    }

    ImageStore images() {
        return images;
    }

    /** Stops every pod (SIGTERM, then SIGKILL after its grace period, at most 10 s here) and the watches. */
    void close() {
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        loop.shutdownNow();
        informers.forEach(SharedIndexInformer::close);
        List<RunningPod> running = List.copyOf(pods.values());
        running.forEach(RunningPod::requestStop);
        long deadline = System.currentTimeMillis() + 10_000;
        for (RunningPod pod : running) {
            while (!pod.isFinished() && System.currentTimeMillis() < deadline) {
                Ports.sleep(20);
            }
            if (!pod.isFinished()) {
                pod.kill();
            }
        }
    }
}
