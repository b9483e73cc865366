// The traffic editor: spec.traffic as rows (revision, percent, tag, match rules), percents that always add up to
// 100, saved with the same PUT the CLI's `quiver traffic` uses.
import { h } from './dom.js';

const LATEST = '@latest';

/** Rows from a Function's spec.traffic. */
export function rowsFromSpec(traffic) {
  return (traffic || []).map((target) => ({
    target: target.latestRevision ? LATEST : target.revisionName || '',
    percent: target.percent ?? 0,
    tag: target.tag || '',
    rules: [
      ...rulesOf('header', target.match?.headers),
      ...rulesOf('cookie', target.match?.cookies),
    ],
  }));
}

function rulesOf(kind, map) {
  return Object.entries(map || {}).map(([name, match]) => ({
    kind, name, op: match.prefix != null ? 'prefix' : 'exact', value: match.prefix ?? match.exact ?? '',
  }));
}

/** The PUT body: TrafficTarget objects as the API takes them. */
export function bodyFromRows(rows) {
  return rows.map((row) => {
    const target = row.target === LATEST ? { latestRevision: true } : { revisionName: row.target };
    if (row.rules.length) {
      // a target with a match rule takes only matching requests and no percent
      target.match = { headers: {}, cookies: {} };
      for (const rule of row.rules) {
        target.match[rule.kind === 'cookie' ? 'cookies' : 'headers'][rule.name] = { [rule.op]: rule.value };
      }
    } else {
      target.percent = row.percent;
    }
    if (row.tag) {
      target.tag = row.tag;
    }
    return target;
  });
}

const weighted = (rows) => rows.filter((row) => !row.rules.length);

/** Sets one row's percent and shares the rest among the other weighted rows in their current proportions. */
export function setPercent(rows, index, value) {
  const others = weighted(rows).filter((row) => row !== rows[index]);
  if (!others.length) {
    rows[index].percent = 100;
    return;
  }
  const wanted = Math.max(0, Math.min(100, Math.round(Number(value) || 0)));
  rows[index].percent = wanted;
  share(others, 100 - wanted);
}

/** Scales the weighted rows so that they add up to 100 again (after a row was added, removed or got a rule). */
export function normalize(rows) {
  for (const row of rows) {
    if (row.rules.length) {
      row.percent = 0;
    }
  }
  const targets = weighted(rows);
  if (targets.length) {
    share(targets, 100);
  }
}

// Distributes `total` over rows in proportion to their percents (all to the first when they are all 0).
function share(rows, total) {
  const sum = rows.reduce((a, row) => a + row.percent, 0);
  if (sum === 0) {
    rows.forEach((row, i) => { row.percent = i === 0 ? total : 0; });
    return;
  }
  let given = 0;
  for (const row of rows) {
    row.percent = Math.floor((row.percent * total) / sum);
    given += row.percent;
  }
  const largest = rows.reduce((a, b) => (b.percent > a.percent ? b : a));
  largest.percent += total - given;
}

/** The editor in its container; `save(body)` PUTs the traffic and resolves to {ok, status, json}. */
export class TrafficEditor {
  constructor(root, { save, onSaved }) {
    this.root = root;
    this.rowsBox = root.querySelector('#traffic-rows');
    this.sum = root.querySelector('#traffic-sum');
    this.message = root.querySelector('#traffic-message');
    this.save = save;
    this.onSaved = onSaved;
    this.rows = [];
    this.revisions = [];
    this.loaded = '';
    this.dirty = false;
    root.querySelector('#traffic-add').addEventListener('click', () => this.change(() => {
      this.rows.push({ target: this.revisions[0] || LATEST, percent: 0, tag: '', rules: [] });
    }));
    root.querySelector('#traffic-reset').addEventListener('click', () => {
      this.dirty = false;
      this.loaded = '';
      this.load(this.spec, this.revisions);
      this.say('');
    });
    root.querySelector('#traffic-save').addEventListener('click', () => this.submit());
  }

  /** Shows the function's traffic, unless the user is editing it. */
  load(traffic, revisions) {
    this.spec = traffic;
    const names = revisions.join(',');
    const seen = JSON.stringify(traffic || []) + names;
    if (this.dirty || seen === this.loaded) {
      return;
    }
    this.loaded = seen;
    this.revisions = revisions;
    this.rows = rowsFromSpec(traffic);
    this.render();
  }

  change(edit) {
    edit();
    normalize(this.rows);
    this.dirty = true;
    this.render();
  }

  async submit() {
    this.say('Saving…');
    const answer = await this.save(bodyFromRows(this.rows));
    if (answer.ok) {
      this.dirty = false;
      this.loaded = '';
      this.say('Saved.', 'ok');
      this.onSaved(answer.json);
    } else {
      const problems = (answer.json?.problems || []).map((p) => `${p.path}: ${p.message}`).join('; ');
      this.say(`Not saved (${answer.status} ${answer.json?.error || ''}): ${answer.json?.message || ''} ${problems}`, 'error');
    }
  }

  say(text, kind = '') {
    this.message.textContent = text;
    this.message.className = kind;
  }

  render() {
    this.percentInputs = [];
    this.rowsBox.replaceChildren(...this.rows.map((row, i) => this.rowView(row, i)));
    this.showPercents();
  }

  showPercents() {
    this.rows.forEach((row, i) => {
      for (const input of this.percentInputs[i]) {
        input.value = String(row.percent);
        input.disabled = row.rules.length > 0;
      }
    });
    const total = weighted(this.rows).reduce((a, row) => a + row.percent, 0);
    this.sum.textContent = `Total ${total} %`;
  }

  rowView(row, i) {
    const id = (part) => `traffic-${part}-${i}`;
    const options = [LATEST, ...this.revisions];
    if (!options.includes(row.target)) {
      options.push(row.target);
    }
    const revision = h('select', { id: id('revision'), 'data-testid': id('revision') },
      options.map((name) => h('option', { value: name, selected: name === row.target },
        name === LATEST ? 'latest ready revision' : name)));
    revision.addEventListener('change', () => { row.target = revision.value; this.dirty = true; });

    const onPercent = (input) => input.addEventListener('input', () => {
      setPercent(this.rows, i, input.value);
      this.dirty = true;
      this.showPercents();
    });
    const range = h('input', { type: 'range', min: 0, max: 100, step: 1, id: id('range'), 'data-testid': id('range'),
      'aria-label': `Percent of target ${i + 1}` });
    const number = h('input', { type: 'number', min: 0, max: 100, step: 1, id: id('percent'),
      'data-testid': id('percent'), class: 'percent' });
    onPercent(range);
    onPercent(number);
    this.percentInputs[i] = [range, number];

    const tag = h('input', { id: id('tag'), 'data-testid': id('tag'), value: row.tag, placeholder: 'none',
      pattern: '[a-z]([-a-z0-9]*[a-z0-9])?', size: 10 });
    tag.addEventListener('input', () => { row.tag = tag.value.trim(); this.dirty = true; });

    const rules = row.rules.map((rule, j) => this.ruleView(row, rule, `${i}-${j}`));
    const addRule = h('button', { type: 'button', 'data-testid': id('rule-add') }, 'Add match rule');
    addRule.addEventListener('click', () => this.change(() => {
      row.rules.push({ kind: 'header', name: 'x-group', op: 'exact', value: 'test' });
    }));
    const remove = h('button', { type: 'button', 'data-testid': id('remove'), 'aria-label': `Remove target ${i + 1}` },
      'Remove');
    remove.addEventListener('click', () => this.change(() => this.rows.splice(i, 1)));

    return h('fieldset', { class: 'target', 'data-testid': id('row') }, [
      h('legend', {}, `Target ${i + 1}`),
      h('label', { for: id('revision') }, 'Revision'), revision,
      h('label', { for: id('percent') }, 'Percent'), range, number,
      h('label', { for: id('tag') }, 'Tag'), tag,
      remove,
      h('div', { class: 'rules' }, [...rules, addRule]),
    ]);
  }

  ruleView(row, rule, key) {
    const field = (part, node, label) => {
      node.id = `traffic-rule-${part}-${key}`;
      node.dataset.testid = node.id;
      node.setAttribute('aria-label', label);
      node.addEventListener('input', () => { rule[part] = node.value; this.dirty = true; });
      return node;
    };
    const kind = field('kind', h('select', {}, ['header', 'cookie'].map((k) => h('option', { selected: k === rule.kind }, k))),
      'Match on');
    const name = field('name', h('input', { value: rule.name, size: 12 }), 'Header or cookie name');
    const op = field('op', h('select', {}, ['exact', 'prefix'].map((k) => h('option', { selected: k === rule.op }, k))),
      'Match kind');
    const value = field('value', h('input', { value: rule.value, size: 10 }), 'Value');
    const remove = h('button', { type: 'button', 'aria-label': 'Remove rule' }, '×');
    remove.addEventListener('click', () => this.change(() => row.rules.splice(row.rules.indexOf(rule), 1)));
    return h('div', { class: 'rule' }, ['match', kind, name, op, value, remove]);
  }
}
