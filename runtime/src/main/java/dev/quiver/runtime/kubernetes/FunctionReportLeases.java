package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Function;
import dev.quiver.api.contract.Labels;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * One kind of report the runtime's leader keeps beside each Function: a Lease in the Function's namespace, owned by
 * the Function (so it goes with it), with the report as the text of one annotation. It remembers what it last
 * wrote per Function so that a report is written when it changed, again every heartbeat (a report nobody renews is
 * recognisably stale: its {@code leaseDurationSeconds} says how long it holds), and after a failed write only once
 * {@link #RETRY} passed. Used by {@link TriggerReports} and {@link RolloutReports}; not thread-safe, their ticks are.
 */
final class FunctionReportLeases {

    /** How long a write that failed (API server down, no permission) waits before it is tried again. */
    static final Duration RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(FunctionReportLeases.class);

    private final KubernetesClient client;
    private final String identity;
    private final String what;
    private final String annotation;
    private final UnaryOperator<String> leaseName;
    private final Duration heartbeat;
    private final Duration validFor;
    /** What this replica last wrote per function ({@code namespace/name}) while leading. */
    private final Map<String, Written> written = new HashMap<>();

    /**
     * What was last written for a Function.
     *
     * @param uid    the Function's uid (a Function made again under the same name starts afresh)
     * @param state  what decides whether a report changed (the report, or the part of it that counts)
     * @param at     when
     * @param failed whether the write failed
     */
    record Written(String uid, String state, Instant at, boolean failed) {
    }

    /**
     * @param identity   this replica's name, written as the Leases' holder
     * @param what       the report's name in log lines, e.g. "trigger report"
     * @param annotation the annotation that carries the report
     * @param leaseName  the Lease's name for a Function's name
     * @param heartbeat  an unchanged report is written again this often
     * @param validFor   how long a report holds without renewal (longer than the heartbeat)
     */
    FunctionReportLeases(KubernetesClient client, String identity, String what, String annotation,
            UnaryOperator<String> leaseName, Duration heartbeat, Duration validFor) {
        if (validFor.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("a " + what + " must hold longer than its heartbeat (" + heartbeat + ")");
        }
        this.client = client;
        this.identity = identity;
        this.what = what;
        this.annotation = annotation;
        this.leaseName = leaseName;
        this.heartbeat = heartbeat;
        this.validFor = validFor;
    }

    /** The key of a Function in {@link #retainOnly}: {@code namespace/name}. */
    static String key(Function function) {
        return function.getMetadata().getNamespace() + "/" + function.getMetadata().getName();
    }

    /** What was last written for the Function in this term of leadership, or null. */
    Written last(Function function) {
        return written.get(key(function));
    }

    /**
     * Whether a report in this state is due: nothing written yet (or for another Function of that name), the state
     * changed or the heartbeat is due, or the last write failed at least {@link #RETRY} ago.
     */
    boolean due(Function function, String state, Instant now) {
        Written last = last(function);
        return last == null || !Objects.equals(last.uid(), function.getMetadata().getUid())
                || (last.failed() ? !now.isBefore(last.at().plus(RETRY))
                : !last.state().equals(state) || !now.isBefore(last.at().plus(heartbeat)));
    }

    /** Writes the Function's report Lease with that text and remembers the state; a failure is logged once. */
    void write(Function function, String text, String state, Instant now) {
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();
        Written last = last(function);
        Lease lease = new LeaseBuilder()
                .withNewMetadata().withName(leaseName.apply(name)).withNamespace(namespace)
                .addToLabels(Labels.FUNCTION, name)
                .addToAnnotations(annotation, text)
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(function.getApiVersion())
                        .withKind(function.getKind()).withName(name).withUid(function.getMetadata().getUid()).build())
                .endMetadata()
                .withNewSpec().withHolderIdentity(identity)
                .withRenewTime(ZonedDateTime.ofInstant(now, ZoneOffset.UTC))
                .withLeaseDurationSeconds((int) validFor.toSeconds()).endSpec()
                .build();
        try {
            client.leases().inNamespace(namespace).resource(lease).createOr(existing -> existing.update());
            if (last == null || last.failed() || !last.state().equals(state)) {
                LOG.debugf("%s/%s: %s written", namespace, name, what);
            }
            written.put(key(function), new Written(function.getMetadata().getUid(), state, now, false));
        } catch (KubernetesClientException e) {
            if (last == null || !last.failed()) {
                LOG.warnf("%s/%s: cannot write the %s %s: %s (tried again every %ss)", namespace, name, what,
                        leaseName.apply(name), e.getMessage(), RETRY.toSeconds());
            }
            written.put(key(function), new Written(function.getMetadata().getUid(), "", now, true));
        }
    }

    /**
     * The annotation's text on the Function's report Lease as it is on the API server now, or null when there is
     * none or it cannot be read: what a replica that just took the lead finds of its predecessor's report.
     */
    String read(Function function) {
        try {
            Lease lease = client.leases().inNamespace(function.getMetadata().getNamespace())
                    .withName(leaseName.apply(function.getMetadata().getName())).get();
            boolean same = lease != null && lease.getMetadata().getOwnerReferences() != null && lease.getMetadata()
                    .getOwnerReferences().stream().anyMatch(o -> Objects.equals(o.getUid(), function.getMetadata().getUid()));
            return same && lease.getMetadata().getAnnotations() != null
                    ? lease.getMetadata().getAnnotations().get(annotation) : null;
        } catch (KubernetesClientException e) {
            LOG.debugf("%s: cannot read the %s: %s", key(function), what, e.getMessage());
            return null;
        }
    }

    /** Forgets what was written for the Function: the next report is due at once. */
    void forget(Function function) {
        written.remove(key(function));
    }

    /** Forgets everything: a replica that leads again later knows nothing of what the leader in between wrote. */
    void forgetAll() {
        written.clear();
    }

    /** Keeps only these Functions ({@link #key}): gone Functions take their reports with them (owner reference). */
    void retainOnly(Set<String> keys) {
        written.keySet().retainAll(keys);
    }
}
