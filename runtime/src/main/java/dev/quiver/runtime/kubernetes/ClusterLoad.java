package dev.quiver.runtime.kubernetes;

import dev.quiver.api.RevisionCounts;
import dev.quiver.runtime.kubernetes.model.LoadReport;
import dev.quiver.runtime.kubernetes.model.RolloutCountsReport;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.LoadSource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The in-flight counts of every runtime replica. Each replica publishes what its gateway sees per revision in an
 * annotation of its own Lease ({@code quiver-load-<identity>} in the runtime namespace), written when the load
 * changed and at least every heartbeat; the leader adds up the fresh reports of the other replicas and its own live
 * counts. Leases fit: they are small, meant for frequent renewal, and their renewTime tells a stale report.
 * The same Lease carries the replica's rollout counts ({@link RolloutCountsReport}, running totals per revision of
 * the Functions with a rollout), which the leader adds up the same way for {@link RolloutReports}.
 */
public final class ClusterLoad implements LoadSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterLoad.class);
    private static final String PREFIX = "quiver-load-";

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final LoadSource local;
    private final Supplier<Set<RevisionRef>> revisions;
    private final Supplier<Map<RevisionRef, RevisionCounts>> rolloutCounts;
    private final Clock clock;
    private Informers<Lease> leases;
    private String lastWritten;
    private Instant lastWrite = Instant.EPOCH;
    private volatile Map<RevisionRef, Integer> others = Map.of();
    private volatile Map<RevisionRef, RevisionCounts> othersRollout = Map.of();
    private volatile Instant refreshed;

    /**
     * A replica's load without rollout counts.
     *
     * @param local     this replica's gateway
     * @param revisions the revisions worth reporting (the served ones)
     */
    public ClusterLoad(KubernetesClient client, KubernetesSettings settings, LoadSource local,
            Supplier<Set<RevisionRef>> revisions, Clock clock) {
        this(client, settings, local, revisions, Map::of, clock);
    }

    /**
     * @param local         this replica's gateway
     * @param revisions     the revisions worth reporting (the served ones)
     * @param rolloutCounts this replica's rollout counts worth reporting (those of the Functions with a rollout)
     */
    public ClusterLoad(KubernetesClient client, KubernetesSettings settings, LoadSource local,
            Supplier<Set<RevisionRef>> revisions, Supplier<Map<RevisionRef, RevisionCounts>> rolloutCounts, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.local = local;
        this.revisions = revisions;
        this.rolloutCounts = rolloutCounts;
        this.clock = clock;
    }

    /** Starts the informer on the other replicas' reports. */
    public ClusterLoad start() {
        leases = Informers.start(List.of(settings.runtimeNamespace()),
                ns -> client.leases().inNamespace(ns).withLabel(LoadReport.LABEL), Map.of(), Informers.onAnyChange(l -> { }));
        return this;
    }

    /** This replica's load plus every other replica's last fresh report. */
    @Override
    public int concurrency(RevisionRef revision) {
        return local.concurrency(revision) + others.getOrDefault(revision, 0);
    }

    /**
     * This replica's live rollout counts plus every other replica's last fresh report, per revision: the running
     * totals of the whole gateway as of the last {@link #refresh()}. Empty when the other replicas' reports were
     * not read within the last two periods (a replica that just took the lead): totals without them would look
     * to a rollout like replicas restarting.
     */
    public Optional<Map<RevisionRef, RevisionCounts>> rolloutCounts() {
        Instant read = refreshed;
        if (read == null || read.isBefore(clock.instant().minus(settings.loadReportPeriod().multipliedBy(2)))) {
            return Optional.empty();
        }
        Map<RevisionRef, RevisionCounts> total = new HashMap<>(othersRollout);
        rolloutCounts.get().forEach((ref, counts) -> total.merge(ref, counts, RevisionCounts::plus));
        return Optional.of(total);
    }

    /** Re-reads the other replicas' reports from the cache; the leader calls it before each autoscaler round. */
    public void refresh() {
        List<LoadReport> reports = new ArrayList<>();
        List<RolloutCountsReport> rollouts = new ArrayList<>();
        leases.all().filter(l -> !l.getMetadata().getName().equals(ownName())).forEach(lease -> {
            ZonedDateTime renewedAt = lease.getSpec() == null ? null : lease.getSpec().getRenewTime();
            Instant renewed = renewedAt == null ? null : renewedAt.toInstant();
            Map<String, String> annotations = lease.getMetadata().getAnnotations() == null ? Map.of()
                    : lease.getMetadata().getAnnotations();
            reports.add(LoadReport.decode(annotations.get(LoadReport.ANNOTATION), renewed));
            rollouts.add(RolloutCountsReport.decode(annotations.get(RolloutCountsReport.ANNOTATION), renewed));
        });
        others = LoadReport.total(reports, clock.instant(), settings.loadReportMaxAge());
        othersRollout = RolloutCountsReport.total(rollouts, clock.instant(), settings.loadReportMaxAge());
        refreshed = clock.instant();
    }

    /**
     * The live runtime replicas by name, sorted, this one included: those whose load report is fresh. Every replica
     * reads it (from the informer's cache) to take its share of each revision's containerConcurrency.
     */
    public List<String> liveReplicas() {
        Map<String, Instant> renewedBy = new HashMap<>();
        leases.all().forEach(lease -> {
            if (lease.getSpec() != null && lease.getSpec().getHolderIdentity() != null
                    && lease.getSpec().getRenewTime() != null) {
                renewedBy.merge(lease.getSpec().getHolderIdentity(), lease.getSpec().getRenewTime().toInstant(),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        });
        return LoadReport.liveReplicas(renewedBy, settings.identity(), clock.instant(), settings.loadReportMaxAge());
    }

    /** This replica's name. */
    public String identity() {
        return settings.identity();
    }

    /** Writes this replica's report when it changed or the heartbeat is due. */
    public void publish() {
        Map<RevisionRef, Integer> mine = new HashMap<>();
        for (RevisionRef ref : revisions.get()) {
            mine.put(ref, local.concurrency(ref));
        }
        String text = new LoadReport(mine, null).encode();
        String counts = new RolloutCountsReport(rolloutCounts.get(), null).encode();
        Instant now = clock.instant();
        // Counts grow with every request; they are written at most once a period, with the load.
        if ((text + counts).equals(lastWritten) && now.isBefore(lastWrite.plus(settings.loadHeartbeat()))) {
            return;
        }
        Lease lease = new LeaseBuilder()
                .withNewMetadata().withName(ownName()).withNamespace(settings.runtimeNamespace())
                .addToLabels(LoadReport.LABEL, "true").addToAnnotations(LoadReport.ANNOTATION, text)
                .addToAnnotations(RolloutCountsReport.ANNOTATION, counts).endMetadata()
                .withNewSpec().withHolderIdentity(settings.identity())
                .withRenewTime(ZonedDateTime.ofInstant(now, ZoneOffset.UTC)).endSpec()
                .build();
        try {
            client.leases().inNamespace(settings.runtimeNamespace()).resource(lease).createOr(existing -> existing.update());
            lastWritten = text + counts;
            lastWrite = now;
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot publish this replica's load: %s", e.getMessage());
        }
    }

    private String ownName() {
        return PREFIX + settings.identity();
    }

    /** Stops the informer and removes this replica's report. */
    @Override
    public void close() {
        if (leases != null) {
            leases.close();
        }
        try {
            client.leases().inNamespace(settings.runtimeNamespace()).withName(ownName()).delete();
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot remove this replica's load report: %s", e.getMessage());
        }
    }
}
