// Drives the Quiver dashboard in headless Chromium, as a user would: sees the sample functions Ready, opens one,
// splits its traffic 90/10 between two revisions with the traffic editor, sends requests through the gateway and
// reads the split back from the dashboard's own chart data. Launched by DashboardBrowserIT:
//
//   node dashboard.spec.mjs <dashboard link with ?token=> <gateway URL> <function> <stable revision> <canary revision> <screenshot folder>
//
// Exit status 0 when every check held; the last line is `RESULT {json}` either way.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [link, gateway, fn, stable, canary, shots] = process.argv.slice(2);
if (!shots) {
  console.error('usage: node dashboard.spec.mjs <dashboard link> <gateway URL> <function> <stable rev> <canary rev> <screenshot dir>');
  process.exit(2);
}
const REQUESTS = 200;
const result = { function: fn, stable, canary, steps: [] };
mkdirSync(shots, { recursive: true });

const started = Date.now();
function step(name) {
  result.steps.push(name);
  console.log(`[dashboard] ${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`);
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// a fresh context is a fresh profile (Playwright gives each launch its own temporary --user-data-dir)
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(String(error)));
page.on('console', (message) => {
  if (message.type() === 'error' && !/status of 401/.test(message.text())) {
    pageErrors.push(`console: ${message.text()}`);
  }
});

try {
  await page.goto(link);
  step(`opened ${new URL(page.url()).origin}${new URL(page.url()).pathname}`);
  check(!new URL(page.url()).searchParams.has('token'), 'the token stays in the address bar after the redirect');

  for (const name of ['hello', 'greeter']) {
    await page.locator(`[data-testid="state-${name}"][data-state="Ready"]`).waitFor({ timeout: 120_000 });
  }
  step('hello and greeter are listed as Ready');
  await page.screenshot({ path: join(shots, 'functions.png') });

  await page.getByTestId(`open-${fn}`).click();
  await page.getByTestId('traffic-row-0').waitFor();
  await page.getByTestId(`revision-${canary}`).waitFor({ timeout: 30_000 });
  step(`opened ${fn}; its revisions ${stable} and ${canary} are shown`);

  // the editor starts from spec.traffic; make it exactly two targets: stable and canary
  while (await page.getByTestId('traffic-row-1').count() > 0) {
    await page.getByTestId('traffic-remove-1').click();
  }
  await page.getByTestId('traffic-revision-0').selectOption(stable);
  await page.getByTestId('traffic-tag-0').fill('stable');
  await page.getByTestId('traffic-add').click();
  await page.getByTestId('traffic-revision-1').selectOption(canary);
  await page.getByTestId('traffic-range-1').fill('10');
  const percents = [await page.getByTestId('traffic-percent-0').inputValue(),
    await page.getByTestId('traffic-percent-1').inputValue()];
  check(percents[0] === '90' && percents[1] === '10', `the editor keeps 100 %: got ${percents}`);
  check((await page.getByTestId('traffic-sum').textContent()).includes('100'), 'the total shows 100 %');
  step('set 90/10 in the traffic editor');
  await page.getByTestId('traffic-save').click();
  await page.locator('[data-testid="traffic-message"].ok').waitFor({ timeout: 15_000 });
  await page.locator(`[data-testid="revision-traffic-${canary}"]`, { hasText: '10 %' }).waitFor({ timeout: 15_000 });
  await page.locator(`[data-testid="revision-traffic-${stable}"]`, { hasText: '90 %' }).waitFor({ timeout: 15_000 });
  const reloaded = [await page.getByTestId('traffic-percent-0').inputValue(),
    await page.getByTestId('traffic-percent-1').inputValue()];
  check(reloaded[0] === '90' && reloaded[1] === '10', `the editor shows the saved traffic again: got ${reloaded}`);
  step('saved; the revisions table and the editor show 90 % and 10 %');

  await page.getByTestId('try-body').fill('{"name":"Playwright"}');
  await page.getByTestId('try-send').click();
  await page.locator('[data-testid="try-result"][data-status="200"]').waitFor({ timeout: 30_000 });
  step(`try it: ${(await page.getByTestId('try-result').textContent()).split('\n')[0]}`);

  const totals = () => page.evaluate((name) => window.quiverDashboard.totals(name), fn);
  const before = await totals();
  const answered = { ok: 0, failed: 0 };
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < REQUESTS) {
      next++;
      const response = await fetch(`${gateway}/fn/${fn}`, { method: 'POST', body: '{"name":"split"}',
        headers: { 'content-type': 'application/json' } });
      await response.arrayBuffer();
      answered[response.ok ? 'ok' : 'failed']++;
    }
  }));
  check(answered.ok === REQUESTS, `all ${REQUESTS} requests answered 2xx: ${JSON.stringify(answered)}`);
  step(`sent ${REQUESTS} requests to ${gateway}/fn/${fn}`);

  // the dashboard polls every second; wait until its counters have all of them
  const counted = () => totals().then((now) => ({
    stable: (now[stable] || 0) - (before[stable] || 0),
    canary: (now[canary] || 0) - (before[canary] || 0),
  }));
  let seen = await counted();
  for (const deadline = Date.now() + 30_000; seen.stable + seen.canary < REQUESTS && Date.now() < deadline;) {
    await page.waitForTimeout(500);
    seen = await counted();
  }
  result.counted = seen;
  const share = seen.canary / (seen.stable + seen.canary);
  result.canaryShare = Number(share.toFixed(3));
  check(seen.stable + seen.canary >= REQUESTS, `the dashboard counted ${JSON.stringify(seen)} of ${REQUESTS}`);
  check(share >= 0.02 && share <= 0.30, `the canary's share in the chart data is ${share}, not about 10 %`);
  for (const revision of [stable, canary]) {
    const lines = await page.locator(`#chart-rps [data-series-name="${revision}"]`).count();
    check(lines > 0, `the requests/s chart draws ${revision}`);
  }
  step(`the chart data shows ${seen.stable} requests on ${stable} and ${seen.canary} on ${canary}`);

  await page.waitForTimeout(1500); // one more poll, so the screenshot's lines reach "now"
  await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });
  await page.locator('#charts').screenshot({ path: join(shots, 'charts.png') });
  check(pageErrors.length === 0, `the page reported errors: ${pageErrors.join(' | ')}`);
  result.ok = true;
} catch (error) {
  result.ok = false;
  result.error = String(error?.message || error);
  await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(result.ok ? 0 : 1);
