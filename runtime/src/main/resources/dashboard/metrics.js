// Rates and percentiles from the runtime's cumulative counters (GET /api/v1/metrics), between two polls.
// The runtime keeps only counters, so every number shown is a difference of two readings.

/** The series each revision gets, by chart id. */
export const REVISION_METRICS = ['rps', 'errors', 'p50', 'p95', 'cold', 'replicas'];
/** The series each trigger gets, by chart id. */
export const TRIGGER_METRICS = ['lag', 'dead'];

/** Remembers the last readings and the points of the last `windowMs` per function, series and revision. */
export class MetricsHistory {
  constructor(windowMs = 120_000) {
    this.windowMs = windowMs;
    this.previous = null;
    // function -> chart id -> key (revision or trigger subject) -> [[time, value]...]
    this.points = new Map();
    // function -> revision -> requests counted since the first reading
    this.counted = new Map();
  }

  /** Adds one reading; the first one only sets the baseline. */
  add(reading) {
    const before = this.previous;
    this.previous = reading;
    if (!before) {
      return;
    }
    const seconds = Math.max(0.001, (reading.time - before.time) / 1000);
    const old = new Map((before.revisions || []).map((r) => [key(r), r]));
    for (const now of reading.revisions || []) {
      const was = old.get(key(now)) || {};
      const requests = delta(now.requests, was.requests);
      const failed = delta(now.errors, was.errors) + delta(now.timeouts, was.timeouts);
      const buckets = (now.latencyBuckets || []).map((count, i) => delta(count, (was.latencyBuckets || [])[i]));
      const total = this.counted.get(now.function) || {};
      total[now.revision] = (total[now.revision] || 0) + requests;
      this.counted.set(now.function, total);
      this.push(now.function, 'requests', now.revision, reading.time, requests);
      this.push(now.function, 'rps', now.revision, reading.time, requests / seconds);
      this.push(now.function, 'errors', now.revision, reading.time, failed / seconds);
      this.push(now.function, 'p50', now.revision, reading.time, percentile(reading.bucketBounds, buckets, 0.5));
      this.push(now.function, 'p95', now.revision, reading.time, percentile(reading.bucketBounds, buckets, 0.95));
      this.push(now.function, 'cold', now.revision, reading.time, delta(now.coldStarts, was.coldStarts));
      this.push(now.function, 'replicas', now.revision, reading.time, now.readyReplicas ?? 0);
    }
    for (const trigger of reading.triggers || []) {
      this.push(trigger.function, 'lag', trigger.subject, reading.time, trigger.pending ?? 0);
      this.push(trigger.function, 'dead', trigger.subject, reading.time, trigger.deadLetters ?? 0);
    }
    this.forget(reading.time - this.windowMs);
  }

  push(fn, chart, series, time, value) {
    const charts = this.points.get(fn) || new Map();
    this.points.set(fn, charts);
    const lines = charts.get(chart) || new Map();
    charts.set(chart, lines);
    const points = lines.get(series) || [];
    lines.set(series, points);
    points.push([time, value]);
  }

  forget(before) {
    for (const charts of this.points.values()) {
      for (const lines of charts.values()) {
        for (const [series, points] of lines) {
          while (points.length && points[0][0] < before) {
            points.shift();
          }
          if (!points.length) {
            lines.delete(series);
          }
        }
      }
    }
  }

  /** The points of one chart of a function: Map series -> [[time, value]...]. */
  series(fn, chart) {
    return this.points.get(fn)?.get(chart) || new Map();
  }

  /** Requests per revision of a function counted since the dashboard opened (a plain object, a copy). */
  totals(fn) {
    return { ...(this.counted.get(fn) || {}) };
  }

  /** Requests per revision of a function within the window (a plain object). */
  windowTotals(fn) {
    const result = {};
    for (const [revision, points] of this.series(fn, 'requests')) {
      result[revision] = points.reduce((sum, point) => sum + point[1], 0);
    }
    return result;
  }
}

function key(r) {
  return `${r.namespace}/${r.function}/${r.revision}`;
}

// A counter that went down means the runtime restarted: everything it counts now is new.
function delta(now, was) {
  const a = now || 0;
  const b = was || 0;
  return a >= b ? a - b : a;
}

/** The latency (ms) under which `fraction` of the requests fell, or null without requests. */
export function percentile(bounds, buckets, fraction) {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (!total || !bounds || !bounds.length) {
    return null;
  }
  const wanted = fraction * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i];
    if (seen >= wanted) {
      // the +Inf bucket has no upper bound: report the last finite one
      return 1000 * bounds[Math.min(i, bounds.length - 1)];
    }
  }
  return 1000 * bounds[bounds.length - 1];
}
