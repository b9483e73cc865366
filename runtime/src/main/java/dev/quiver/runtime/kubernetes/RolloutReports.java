package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Function;
import dev.quiver.api.RevisionCounts;
import dev.quiver.api.RolloutReport;
import dev.quiver.api.RolloutReport.SmokeTestRun;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.rollout.SmokeTestResult;
import dev.quiver.runtime.kubernetes.model.PendingSmokeTest;
import dev.quiver.runtime.kubernetes.model.RolloutCountsReport;
import dev.quiver.runtime.platform.Leadership;
import dev.quiver.runtime.platform.RevisionRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Reports each rolling-out Function's measurements to the controller, which judges the rollout and alone writes
 * its status: a {@link RolloutReport} in a Lease {@code <function>-rollout} in the Function's namespace, owned by
 * the Function, for every Function with {@code spec.rollout}. Only the leader writes it: the running counts per
 * revision of every live runtime replica added up ({@link ClusterLoad#rolloutCounts()}), and the last smoke test it
 * ran. When the controller put a rollout in {@code SmokeTesting} and the report has no run for that revision and
 * step start, the leader sends the smoke test through its own gateway once and reports the result. A report is
 * written when it changed (at most once a tick) and at least every heartbeat, like {@link TriggerReports}.
 */
public final class RolloutReports {

    private static final Logger LOG = Logger.getLogger(RolloutReports.class);

    /** Sends a smoke test to a function's new revision; never fails (a request that cannot be sent fails the test). */
    @FunctionalInterface
    public interface SmokeTests {
        /** The result of sending the requests to the function's new revision by its tag. */
        CompletionStage<SmokeTestResult> run(String namespace, String function, List<SmokeRequest> requests);
    }

    private final Leadership leadership;
    private final Supplier<List<Function>> functions;
    private final Supplier<Optional<Map<RevisionRef, RevisionCounts>>> counts;
    private final SmokeTests smokeTests;
    private final Clock clock;
    private final FunctionReportLeases leases;
    /** The last smoke test run per function ({@code namespace/name}), kept while leading; written by the runs' threads. */
    private final Map<String, SmokeTestRun> runs = new ConcurrentHashMap<>();
    /** The smoke tests being sent, per function. */
    private final Map<String, PendingSmokeTest> running = new ConcurrentHashMap<>();
    /** The functions whose report a predecessor may have written, read once per term of leadership. */
    private final Set<String> recovered = new HashSet<>();

    /**
     * A reporter.
     *
     * @param identity   this replica's name, written as the reports' holder
     * @param functions  the Functions this runtime serves
     * @param counts     the running counts of every live replica added up, per revision; empty while they are
     *                   not known (no report is written then)
     * @param smokeTests sends a smoke test through this runtime's gateway
     * @param heartbeat  an unchanged report is written again this often
     * @param validFor   how long a report holds without renewal (longer than the heartbeat)
     */
    public RolloutReports(KubernetesClient client, Leadership leadership, String identity,
            Supplier<List<Function>> functions, Supplier<Optional<Map<RevisionRef, RevisionCounts>>> counts,
            SmokeTests smokeTests, Clock clock, Duration heartbeat, Duration validFor) {
        this.leases = new FunctionReportLeases(client, identity, "rollout report", RolloutReport.ANNOTATION,
                RolloutReport::leaseName, heartbeat, validFor);
        this.leadership = leadership;
        this.functions = functions;
        this.counts = counts;
        this.smokeTests = smokeTests;
        this.clock = clock;
    }

    /**
     * Starts the smoke tests that are due and writes the reports that changed or are due; does nothing unless this
     * replica leads. Called once a second.
     */
    public synchronized void tick() {
        if (!leadership.isLeader()) {
            leases.forgetAll();
            runs.clear();
            recovered.clear();
            return;
        }
        Instant now = clock.instant();
        Optional<Map<RevisionRef, RevisionCounts>> total = null;
        Set<String> seen = new HashSet<>();
        for (Function function : functions.get()) {
            if (function.getSpec().rollout == null) {
                continue; // no rollout, no report: a report left from one ends with the Function or is ignored
            }
            String key = FunctionReportLeases.key(function);
            seen.add(key);
            if (recovered.add(key) && leases.last(function) == null) {
                // A new leader carries its predecessor's smoke test on, rather than sending it again.
                RolloutReport before = RolloutReport.decode(leases.read(function));
                if (before != null && before.smokeTest() != null) {
                    runs.putIfAbsent(key, before.smokeTest());
                }
            }
            startSmokeTestIfDue(function, key);
            if (total == null) {
                total = counts.get();
            }
            if (total.isEmpty()) {
                continue; // counts short of some replicas would look like restarts: wait for all of them
            }
            String text = new RolloutReport(RolloutCountsReport.ofFunction(total.get(),
                    function.getMetadata().getNamespace(), function.getMetadata().getName()), runs.get(key)).encode();
            if (leases.due(function, text, now)) {
                leases.write(function, text, text, now);
            }
        }
        leases.retainOnly(seen);
        runs.keySet().retainAll(seen);
        recovered.retainAll(seen);
    }

    private void startSmokeTestIfDue(Function function, String key) {
        Optional<PendingSmokeTest> due = PendingSmokeTest.of(function.getSpec().rollout,
                function.getStatus() == null ? null : function.getStatus().rollout, runs.get(key));
        if (due.isEmpty() || due.get().equals(running.get(key))) {
            return;
        }
        PendingSmokeTest test = due.get();
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();
        running.put(key, test);
        LOG.infof("%s: smoke test of %s (%d requests)", key, test.revision(), test.requests().size());
        CompletionStage<SmokeTestResult> sent;
        try {
            sent = smokeTests.run(namespace, name, test.requests());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((result, error) -> {
            SmokeTestRun run = test.run(error == null ? result
                    : SmokeTestResult.failed("the smoke test could not be sent: " + error.getMessage()));
            LOG.infof("%s: smoke test of %s %s: %s", key, test.revision(), run.passed() ? "passed" : "failed",
                    run.message());
            // A run superseded by a newer step's (the rollout began again meanwhile) reports nothing.
            if (running.get(key) == test) {
                runs.put(key, run);
                running.remove(key, test);
            }
        });
    }
}
