package dev.quiver.runtime.gateway;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of one exchange's current step, on its event loop's own timer queue (no Vert.x timer map). A
 * deadline that moves later keeps the scheduled timer, which re-arms for the rest when it fires, so a request
 * whose steps (body, wait, call) follow each other usually schedules and cancels a single timer. Used from the
 * exchange's event loop only.
 */
final class Deadline implements Runnable {

    private final EventLoop eventLoop;
    private final Runnable expired;
    /** When the current step must be over (System.nanoTime). */
    private long due;
    private ScheduledFuture<?> timer;
    /** When the scheduled timer fires (System.nanoTime). */
    private long timerAt;

    /**
     * A deadline with nothing armed yet.
     *
     * @param eventLoop where the timer fires
     * @param expired   run on the event loop when an armed deadline passes
     */
    Deadline(EventLoop eventLoop, Runnable expired) {
        this.eventLoop = eventLoop;
        this.expired = expired;
    }

    /** Sets the current step's deadline, {@code millis} from now (at least 1 ms). */
    void arm(long millis) {
        long now = System.nanoTime();
        due = now + TimeUnit.MILLISECONDS.toNanos(Math.max(1, millis));
        if (timer != null) {
            if (timerAt <= due) {
                return; // fires first, then re-arms for the rest
            }
            timer.cancel(false);
        }
        schedule(due - now);
    }

    /** Disarms it: the exchange is over. */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The timer fired: the deadline passed, or it moved later and the timer re-arms for the rest. */
    @Override
    public void run() {
        timer = null;
        long left = due - System.nanoTime();
        if (left > 0) {
            schedule(left);
        } else {
            expired.run();
        }
    }

    private void schedule(long nanos) {
        timerAt = System.nanoTime() + nanos;
        timer = eventLoop.schedule(this, nanos, TimeUnit.NANOSECONDS);
    }
}
