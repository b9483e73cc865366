package dev.quiver.api.testing;

import dev.quiver.api.RolloutAnalysis;
import dev.quiver.api.RolloutMode;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.SmokeExpectation;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.SmokeTest;
import java.util.List;
import dev.quiver.api.rollout.RevisionWindow;
import java.util.function.Consumer;

/** Test fixtures for rollouts: specs changed in one place and windows built by what they hold. */
public final class Rollouts {

    private Rollouts() {
    }

    /** The default canary: 10, 25, 50, 100 %, 1m each, 20 invocations, 1 % errors, 1.5 × latency. */
    public static RolloutSpec canary() {
        return new RolloutSpec();
    }

    /** A canary with a change. */
    public static RolloutSpec canary(Consumer<RolloutSpec> change) {
        RolloutSpec spec = canary();
        change.accept(spec);
        return spec;
    }

    /** Blue/green behind one smoke test request. */
    public static RolloutSpec blueGreen() {
        return canary(spec -> {
            spec.mode = RolloutMode.BlueGreen;
            spec.smokeTest = smokeTest(request("GET", "/health", 200, null));
        });
    }

    /** Analysis limits with a change. */
    public static RolloutAnalysis analysis(Consumer<RolloutAnalysis> change) {
        RolloutAnalysis analysis = new RolloutAnalysis();
        change.accept(analysis);
        return analysis;
    }

    /** A step. */
    public static RolloutStep step(int weight, String pause) {
        return RolloutStep.of(weight, pause);
    }

    /** A smoke test of these requests. */
    public static SmokeTest smokeTest(SmokeRequest... requests) {
        SmokeTest smokeTest = new SmokeTest();
        smokeTest.requests.addAll(List.of(requests));
        return smokeTest;
    }

    /** A smoke test request; a null status or body leaves that expectation out. */
    public static SmokeRequest request(String method, String path, Integer status, String bodyContains) {
        SmokeRequest request = SmokeRequest.of(method, path);
        if (status != null || bodyContains != null) {
            request.expect = new SmokeExpectation();
            request.expect.status = status;
            request.expect.bodyContains = bodyContains;
        }
        return request;
    }

    /** A window of this many healthy requests at 100 ms p95. */
    public static Window served(long requests) {
        return new Window(requests);
    }

    /** A window of nothing. */
    public static Window idle() {
        return new Window(0).p95(0);
    }

    /** Builds a {@link RevisionWindow} by what it holds. */
    public static final class Window {
        private final long requests;
        private long errors;
        private long timeouts;
        private long p95 = 100;
        private long deadLetters;
        private long events;

        private Window(long requests) {
            this.requests = requests;
        }

        public Window errors(long n) {
            errors = n;
            return this;
        }

        public Window timeouts(long n) {
            timeouts = n;
            return this;
        }

        public Window p95(long millis) {
            p95 = millis;
            return this;
        }

        public Window events(long n, long deadLettered) {
            events = n;
            deadLetters = deadLettered;
            return this;
        }

        public RevisionWindow build() {
            return new RevisionWindow(requests, errors, timeouts, p95, deadLetters, events);
        }
    }
}
