// A small line chart in inline SVG: one line per series over a fixed time window, a y axis with a nice top.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 360;
const HEIGHT = 140;
const PAD = { left: 40, right: 8, top: 8, bottom: 18 };
const PALETTE = ['#2563eb', '#e11d48', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/** A stable colour per series name, in the order the names were first seen. */
export class Colours {
  constructor() {
    this.known = new Map();
  }

  of(name) {
    if (!this.known.has(name)) {
      this.known.set(name, PALETTE[this.known.size % PALETTE.length]);
    }
    return this.known.get(name);
  }
}

/**
 * Draws `series` (Map name -> [[time, value|null]...]) into `svg` for the window ending at `now`.
 * Null values leave a gap (no requests: no latency). The drawn totals go on data-series for tests and tools.
 */
export function drawChart(svg, series, { now, windowMs, colours, unit = '' }) {
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.replaceChildren();
  const from = now - windowMs;
  let top = 0;
  for (const points of series.values()) {
    for (const [, value] of points) {
      if (value != null && value > top) {
        top = value;
      }
    }
  }
  top = niceTop(top);
  const x = (t) => PAD.left + ((t - from) / windowMs) * (WIDTH - PAD.left - PAD.right);
  const y = (v) => HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);

  for (const fraction of [0, 0.5, 1]) {
    const level = top * fraction;
    svg.append(el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(level), y2: y(level), class: 'grid' }));
    svg.append(text(PAD.left - 4, y(level) + 4, format(level) + unit, 'end'));
  }
  svg.append(text(PAD.left, HEIGHT - 4, `-${Math.round(windowMs / 1000)} s`, 'start'));
  svg.append(text(WIDTH - PAD.right, HEIGHT - 4, 'now', 'end'));

  const drawn = {};
  for (const [name, points] of series) {
    const visible = points.filter(([t]) => t >= from);
    drawn[name] = visible.length ? visible[visible.length - 1][1] : null;
    for (const segment of segments(visible)) {
      const coords = segment.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      // a single point is drawn as a dot, so one reading is not invisible
      const shape = segment.length === 1
        ? el('circle', { cx: x(segment[0][0]), cy: y(segment[0][1]), r: 2, fill: colours.of(name) })
        : el('polyline', { points: coords, fill: 'none', stroke: colours.of(name), 'stroke-width': 2 });
      shape.setAttribute('data-series-name', name);
      svg.append(shape);
    }
  }
  svg.dataset.series = JSON.stringify(drawn);
  if (!series.size) {
    svg.append(text(WIDTH / 2, HEIGHT / 2, 'no data yet', 'middle'));
  }
}

function segments(points) {
  const result = [];
  let current = [];
  for (const point of points) {
    if (point[1] == null) {
      if (current.length) {
        result.push(current);
      }
      current = [];
    } else {
      current.push(point);
    }
  }
  if (current.length) {
    result.push(current);
  }
  return result;
}

// 1, 2 or 5 times a power of ten at or above the largest value, so the axis reads well.
function niceTop(max) {
  if (max <= 0) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) {
      return step * power;
    }
  }
  return 10 * power;
}

function format(value) {
  if (value >= 1000) {
    return `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)}k`;
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 2 : 1);
}

function text(xPos, yPos, content, anchor) {
  const node = el('text', { x: xPos, y: yPos, 'text-anchor': anchor, class: 'axis' });
  node.textContent = content;
  return node;
}

function el(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) {
    node.setAttribute(k, String(v));
  }
  return node;
}
