package dev.quiver.runtime.events;

import java.util.concurrent.atomic.AtomicLong;

/** What one trigger has done since it was bound in this runtime. */
final class TriggerCounters {

    final AtomicLong delivered = new AtomicLong();
    final AtomicLong redelivered = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
}
