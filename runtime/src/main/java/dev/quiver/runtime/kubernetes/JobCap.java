package dev.quiver.runtime.kubernetes;

import java.util.ArrayDeque;
import java.util.Deque;

/** The running jobs of one function and the starts waiting for a free slot under its cap. */
final class JobCap {

    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    /** Runs the start now when a slot is free under the cap, else queues it (first come, first served). */
    void submit(int cap, Runnable start) {
        synchronized (this) {
            if (running >= Math.max(1, cap)) {
                waiting.add(start);
                return;
            }
            running++;
        }
        start.run();
    }

    /** A job ended: its slot goes to the next waiting start, if any. */
    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
                return;
            }
        }
        next.run();
    }

    /** Jobs running now. */
    synchronized int running() {
        return running;
    }
}
