package dev.quiver.functions.greeter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault to try a rollout's analysis with: every {@code n}-th call fails ({@code FAIL_EVERY=20} fails 5 % of the
 * calls), so a revision that differs only by configuration can be a bad one. {@code n} of 0 or less never fails.
 */
final class FailEvery {

    private final long every;
    private final AtomicLong calls = new AtomicLong();

    /** Fails every {@code every}-th call; 0 or less never. */
    FailEvery(long every) {
        this.every = every;
    }

    /** Counts a call; true when this one is to fail. */
    boolean failsNext() {
        return every > 0 && calls.incrementAndGet() % every == 0;
    }
}
