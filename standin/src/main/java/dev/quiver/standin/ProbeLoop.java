package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

import java.util.concurrent.TimeUnit;

/**
 * The probes of a pod's running container, on the pod's worker thread: readiness sets the pod ready or not, a
 * liveness probe that keeps failing stops the process so that the pod's restart policy runs it again.
 */
final class ProbeLoop {

    /** Readiness is polled this often until it first passes (to keep tests fast), then every periodSeconds. */
    private static final long FIRST_READINESS_POLL_MS = 100;

    private final RunningPod pod;
    private final Container container;
    private final String ip;

    ProbeLoop(RunningPod pod, Container container, String ip) {
        this.pod = pod;
        this.container = container;
        this.ip = ip;
    }

    /**
     * Probes while the process runs and no stop is asked. Readiness is polled every 100 ms until it first passes,
     * then every periodSeconds; liveness every periodSeconds after initialDelaySeconds; failing liveness stops the
     * process (SIGTERM, then SIGKILL after {@code graceMs}).
     */
    void untilExit(Process started, Probe readiness, Probe liveness, long graceMs) {
        long start = System.currentTimeMillis();
        long nextReadiness = start + delay(readiness);
        long nextLiveness = start + delay(liveness);
        int readyOk = 0;
        int readyFail = 0;
        int liveFail = 0;
        boolean passedOnce = false;
        while (started.isAlive() && !pod.isStopRequested()) {
            long now = System.currentTimeMillis();
            if (readiness != null && now >= nextReadiness) {
                boolean ok = ProbeRunner.passes(readiness, container, ip);
                readyOk = ok ? readyOk + 1 : 0;
                readyFail = ok ? 0 : readyFail + 1;
                if (ok && readyOk >= threshold(readiness.getSuccessThreshold(), 1)) {
                    passedOnce = true;
                    pod.setReady(true);
                } else if (!ok && readyFail >= threshold(readiness.getFailureThreshold(), 3)) {
                    pod.setReady(false);
                }
                nextReadiness = System.currentTimeMillis() + (passedOnce ? period(readiness) : FIRST_READINESS_POLL_MS);
            }
            if (liveness != null && now >= nextLiveness) {
                boolean ok = ProbeRunner.passes(liveness, container, ip);
                liveFail = ok ? 0 : liveFail + 1;
                if (liveFail >= threshold(liveness.getFailureThreshold(), 3)) {
                    pod.note("liveness probe failed " + liveFail + " times; restarting");
                    pod.setReady(false);
                    GracefulStop.stopProcess(started, graceMs, pod::note);
                    return;
                }
                nextLiveness = System.currentTimeMillis() + period(liveness);
            }
            try {
                started.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long delay(Probe probe) {
        return probe == null || probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds() * 1000L;
    }

    private static long period(Probe probe) {
        return (probe.getPeriodSeconds() == null || probe.getPeriodSeconds() < 1 ? 10 : probe.getPeriodSeconds()) * 1000L;
    }

    private static int threshold(Integer value, int byDefault) {
        return value == null || value < 1 ? byDefault : value;
    }
}
