// The Quiver dashboard: functions and their state, and per function its revisions, traffic editor, live charts,
// triggers, Job runs, asynchronous invocations, last log lines, conditions and a form to invoke it.
// It only reads and writes /api/v1 (DASHBOARD-API.md); the runtime serves these files as they are.
import { h, fillTable } from './dom.js';
import { drawChart, Colours } from './chart.js';
import { MetricsHistory, REVISION_METRICS, TRIGGER_METRICS } from './metrics.js';
import { TrafficEditor } from './traffic.js';

const WINDOW_MS = 120_000;
const $ = (selector) => document.querySelector(selector);
const history = new MetricsHistory(WINDOW_MS);
const colours = new Colours();
const state = { functions: [], selected: null, function: null, revisions: [], polls: 0, lastMetrics: 0, platform: null };

class Unauthorized extends Error {}

/** Calls the dashboard API; mutating calls carry the CSRF header. Resolves to {ok, status, json}. */
async function api(path, { method = 'GET', body, type } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-Quiver-Dashboard'] = '1';
    headers['Content-Type'] = type || 'application/json';
  }
  const response = await fetch(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin' });
  if (response.status === 401) {
    $('#auth-message').hidden = false;
    throw new Unauthorized('401');
  }
  $('#auth-message').hidden = true;
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  return { ok: response.ok, status: response.status, json };
}

const enc = encodeURIComponent;

// Colours go in through the CSSOM, not a style attribute, so a strict Content-Security-Policy allows them.
function swatch(series) {
  const node = h('span', { class: 'swatch' });
  node.style.background = colours.of(series);
  return node;
}

function readiness(resource) {
  const ready = (resource?.status?.conditions || []).find((c) => c.type === 'Ready');
  if (!ready || ready.status === 'Unknown') {
    return { key: 'Unknown', text: ready?.reason ? `Pending (${ready.reason})` : 'Pending' };
  }
  return ready.status === 'True' ? { key: 'Ready', text: 'Ready' }
    : { key: 'NotReady', text: `Not ready (${ready.reason || 'no reason'})` };
}

function renderList() {
  const rows = state.functions.map((fn) => {
    const name = fn.metadata.name;
    const ready = readiness(fn);
    const url = fn.status?.url || '';
    const row = h('tr', { 'data-testid': `function-${name}`, class: name === state.selected ? 'selected' : '' }, [
      h('th', { scope: 'row' }, h('a', { href: `#/fn/${enc(name)}`, 'data-testid': `open-${name}` }, name)),
      h('td', { 'data-testid': `state-${name}`, 'data-state': ready.key, class: `state ${ready.key}` }, ready.text),
      h('td', {}, url ? h('a', { href: url, 'data-testid': `url-${name}` }, url) : ''),
    ]);
    return row;
  });
  fillTable($('#function-list'), rows, 'No functions yet.');
}

async function pollFunctions() {
  const answer = await api('/functions');
  if (answer.ok) {
    state.functions = (answer.json.items || []).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    renderList();
  }
}

async function pollMetrics() {
  const answer = await api('/metrics');
  if (answer.ok) {
    history.add(answer.json);
    state.lastMetrics = answer.json.time;
    state.polls++;
    drawCharts();
  }
}

function drawCharts() {
  const name = state.selected;
  if (!name) {
    return;
  }
  const now = state.lastMetrics || Date.now();
  for (const chart of [...REVISION_METRICS, ...TRIGGER_METRICS]) {
    drawChart($(`#chart-${chart}`), history.series(name, chart), { now, windowMs: WINDOW_MS, colours });
  }
  const totals = history.windowTotals(name);
  $('#charts').dataset.windowTotals = JSON.stringify(totals);
  const names = new Set([...state.revisions.map((r) => r.metadata.name), ...Object.keys(totals)]);
  for (const lines of TRIGGER_METRICS.map((chart) => history.series(name, chart))) {
    for (const subject of lines.keys()) {
      names.add(subject);
    }
  }
  $('#legend').replaceChildren(...[...names].sort().map((series) => h('li', { 'data-testid': `legend-${series}` }, [
    swatch(series),
    series in totals ? `${series}: ${totals[series]} requests` : series,
  ])));
}

/** Everything about the open function but its charts. */
async function pollDetail() {
  const name = state.selected;
  if (!name) {
    return;
  }
  const base = `/functions/${enc(name)}`;
  const [fn, revisions, triggers, jobs, invocations, logs] = await Promise.all([
    api(base), api(`${base}/revisions`), api(`${base}/triggers`), api(`${base}/jobs`),
    api(`${base}/invocations`), api(`${base}/logs?tail=40`),
  ]);
  if (name !== state.selected) {
    return;
  }
  if (!fn.ok) {
    $('#detail-title').textContent = `${name}: ${fn.json?.message || fn.status}`;
    return;
  }
  state.function = fn.json;
  state.revisions = (revisions.json?.items || []).sort((a, b) => b.metadata.name.localeCompare(a.metadata.name));
  showFunction(fn.json);
  showTriggers(triggers.json?.triggers || []);
  showJobs(jobs.json);
  fillTable($('#invocations'), (invocations.json?.items || []).map((item) => h('tr', {}, [
    h('td', {}, item.id), h('td', {}, item.state), h('td', {}, item.revision || ''),
    h('td', {}, item.status ?? ''), h('td', {}, item.createdAt || ''),
  ])), 'No asynchronous invocations.');
  const box = $('#logs');
  const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  box.textContent = logs.ok ? (logs.json?.lines || []).join('\n') : (logs.json?.message || 'No logs.');
  if (atEnd) {
    box.scrollTop = box.scrollHeight;
  }
}

function showFunction(fn) {
  const ready = readiness(fn);
  $('#detail-title').replaceChildren(fn.metadata.name, ' ',
    h('span', { class: `state ${ready.key}`, 'data-testid': 'detail-state' }, ready.text));
  $('#detail-url').textContent = fn.status?.url || '';
  fillTable($('#conditions'), (fn.status?.conditions || []).map((c) => h('tr', { 'data-testid': `condition-${c.type}` }, [
    h('td', {}, c.type), h('td', { class: `state ${c.status === 'True' ? 'Ready' : c.status === 'False' ? 'NotReady' : 'Unknown'}` }, c.status),
    h('td', {}, c.reason || ''), h('td', {}, c.message || ''),
  ])), 'No conditions yet.');
  const shares = {};
  for (const target of fn.status?.traffic || []) {
    if (target.revisionName) {
      shares[target.revisionName] = (shares[target.revisionName] || 0) + (target.percent || 0);
    }
  }
  fillTable($('#revisions'), state.revisions.map((r) => {
    const name = r.metadata.name;
    return h('tr', { 'data-testid': `revision-${name}` }, [
      h('th', { scope: 'row' }, [swatch(name), name]),
      h('td', {}, readiness(r).text),
      h('td', {}, `${r.status?.actualReplicas ?? 0}/${r.status?.desiredReplicas ?? r.spec?.replicas ?? 0}`),
      h('td', { 'data-testid': `revision-traffic-${name}` }, `${shares[name] || 0} %`),
      h('td', {}, r.metadata.creationTimestamp || ''),
    ]);
  }), 'No revisions yet.');
  $('#traffic-now').textContent = 'Serving now: ' + ((fn.status?.traffic || []).map((t) =>
    `${t.revisionName || 'latest'} ${t.percent ?? 0} %${t.tag ? ` (@${t.tag})` : ''}${t.match ? ' + rule' : ''}`)
    .join(', ') || 'nothing');
  // Locally the spec is function.yaml's, and traffic set by the CLI or here is kept beside it: what is wanted shows
  // in the status (targets that follow the latest revision keep latestRevision there). On a cluster it is the spec.
  const served = fn.status?.traffic || [];
  const wanted = state.platform === 'local' && served.length ? served : fn.spec?.traffic || [];
  editor.load(wanted, state.revisions.map((r) => r.metadata.name));
}

function showTriggers(triggers) {
  // the lag and dead-letter charts only mean something for a function with event triggers
  for (const chart of TRIGGER_METRICS) {
    $(`#chart-${chart}`).closest('figure').hidden = triggers.length === 0;
  }
  fillTable($('#triggers'), triggers.map((t) => h('tr', {}, [
    h('td', {}, t.kind), h('td', {}, t.subject), h('td', { title: t.message || '' }, t.state + (t.message ? ` (${t.message})` : '')),
    h('td', {}, t.delivered ?? ''), h('td', {}, t.pending ?? ''), h('td', {}, t.deadLettered ?? ''),
  ])), 'No event triggers.');
}

function showJobs(report) {
  const jobMode = state.function?.spec?.mode === 'Job';
  $('#jobs-summary').textContent = jobMode && report && report.cap != null
    ? `${report.running} running of at most ${report.cap}, ${report.waiting} waiting` : '';
  fillTable($('#jobs'), (report?.results || []).map((job) => h('tr', {}, [
    h('td', {}, job.id), h('td', {}, job.revision), h('td', {}, job.status), h('td', {}, job.exitCode ?? ''),
    h('td', {}, job.durationMillis), h('td', {}, job.finishedAt),
  ])), 'No Job runs.');
}

async function invoke(event) {
  event.preventDefault();
  const out = $('#try-result');
  out.textContent = 'Invoking…';
  const path = $('#try-path').value.trim();
  const answer = await api(`/functions/${enc(state.selected)}/invoke${path ? `?path=${enc(path)}` : ''}`,
    { method: 'POST', body: $('#try-body').value, type: $('#try-type').value || 'application/octet-stream' });
  const r = answer.json || {};
  out.textContent = answer.ok
    ? `${r.status} from ${r.revision || '?'} in ${r.millis} ms\n${r.body ?? ''}`
    : `${answer.status} ${r.error || ''}: ${r.message || ''}`;
  out.dataset.status = String(answer.ok ? r.status : answer.status);
  out.dataset.revision = r.revision || '';
}

const editor = new TrafficEditor($('#traffic'), {
  save: (body) => api(`/functions/${enc(state.selected)}/traffic`, { method: 'PUT', body: JSON.stringify(body) }),
  onSaved: (fn) => { if (fn?.metadata) { showFunction(fn); } },
});

function route() {
  const match = /^#\/fn\/(.+)$/.exec(location.hash);
  const name = match ? decodeURIComponent(match[1]) : null;
  if (name !== state.selected) {
    state.selected = name;
    state.revisions = [];
    editor.dirty = false;
    editor.loaded = '';
    $('#detail').hidden = !name;
    $('#try-result').textContent = '';
    $('#detail-title').textContent = name || '';
    renderList();
    drawCharts();
    pollDetail().catch(report);
  }
}

function report(error) {
  $('#connection').textContent = error instanceof Unauthorized ? 'not signed in' : `disconnected: ${error.message}`;
  $('#connection').className = 'down';
}

// Each poll waits for its previous answer, so a slow runtime is not asked twice at once.
function every(ms, poll) {
  const run = async () => {
    try {
      await poll();
      $('#connection').textContent = `live, updated ${new Date().toLocaleTimeString()}`;
      $('#connection').className = 'up';
    } catch (error) {
      report(error);
    }
    setTimeout(run, ms);
  };
  run();
}

/** A read-only view for tests and tools: what the charts show, as plain copies. */
window.quiverDashboard = Object.freeze({
  selected: () => state.selected,
  polls: () => state.polls,
  functions: () => state.functions.map((fn) => ({ name: fn.metadata.name, state: readiness(fn).key })),
  series: (fn, chart) => Object.fromEntries([...history.series(fn, chart)].map(([k, v]) => [k, v.map((p) => [...p])])),
  totals: (fn) => history.totals(fn),
  windowTotals: (fn) => history.windowTotals(fn),
});

$('#try').addEventListener('submit', (event) => invoke(event).catch(report));
window.addEventListener('hashchange', route);
api('/info').then((answer) => { state.platform = answer.json?.platform || null; }).catch(report).finally(() => {
  route();
  every(2000, pollFunctions);
  every(1000, pollMetrics);
  every(2000, pollDetail);
});
