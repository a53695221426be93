// Scenario L: how fast the app opens in Chromium over loopback, from a relay serving the built app.
// Cold: a new browser profile (no cache, no service worker) opens Parley and sees the sign-in
// form. Returning: a signed-in user with conversations reloads (service worker and IndexedDB in
// place) and sees the list; then opens a conversation. Times are from the navigation's start.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createDm, createGroup, register, TEST_PASSWORD } from '../tests/helpers/api.ts';
import { CHROMIUM_LAUNCH } from '../tests/helpers/chromium.ts';
import { freshStorage, startRelay, type ParleyRunOptions } from './parley-load.ts';

interface PageTimes {
  /** First contentful paint, ms after navigation start. */
  fcp: number;
  /** The screen the user came for is visible, ms after navigation start (measured in Node). */
  ready: number;
  /** Bytes over the wire for the page and everything it loaded (0 when all came from caches). */
  transferred: number;
}

export interface FirstLoadResult {
  cold: PageTimes[];
  returning: PageTimes[];
  openConversation: number[];
}

async function paintAndBytes(page: Page): Promise<{ fcp: number; transferred: number }> {
  return page.evaluate(async () => {
    // The paint entry is queued asynchronously: wait for it (buffered) rather than read it too early.
    const fcp = await new Promise<number>((resolve) => {
      new PerformanceObserver((list) => {
        const entry = list.getEntriesByName('first-contentful-paint')[0];
        if (entry) resolve(entry.startTime);
      }).observe({ type: 'paint', buffered: true });
      setTimeout(() => resolve(Number.NaN), 5_000);
    });
    const entries = [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ] as PerformanceResourceTiming[];
    return { fcp, transferred: entries.reduce((sum, entry) => sum + entry.transferSize, 0) };
  });
}

/** Loads `url` and waits for `ready` to be visible; times from just before the navigation. */
async function timedLoad(page: Page, load: () => Promise<unknown>, ready: () => Promise<void>): Promise<PageTimes> {
  const started = performance.now();
  await load();
  await ready();
  const readyAt = performance.now() - started;
  return { ...(await paintAndBytes(page)), ready: readyAt };
}

async function oneRun(browser: Browser, baseUrl: string, run: number): Promise<{ cold: PageTimes; returning: PageTimes; open: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const cold = await timedLoad(
      page,
      () => page.goto(`${baseUrl}/`),
      () => page.getByRole('button', { name: 'Sign in' }).waitFor(),
    );

    // Set up a user with a DM and a group (not measured), sign in, let the service worker settle.
    const username = `load${run}_${Date.now().toString(36)}`;
    const other = `peer${run}_${Date.now().toString(36)}`;
    const relay = { httpUrl: baseUrl };
    const me = await register(relay, username);
    await createDm(relay, me, await register(relay, other));
    await createGroup(relay, me, { name: 'Load test' });
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const list = page.getByRole('navigation', { name: 'Conversation list' });
    await list.getByRole('link', { name: /Load test/ }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);

    const returning = await timedLoad(
      page,
      () => page.reload(),
      () => list.getByRole('link', { name: /Load test/ }).waitFor(),
    );
    const started = performance.now();
    await list.getByRole('link', { name: /Load test/ }).click();
    await page.getByRole('combobox', { name: 'Message' }).waitFor();
    return { cold, returning, open: performance.now() - started };
  } finally {
    await context.close();
  }
}

export async function measureFirstLoad(baseUrl: string, runs: number): Promise<FirstLoadResult> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const result: FirstLoadResult = { cold: [], returning: [], openConversation: [] };
  try {
    // One unmeasured run warms the relay's caches (static files, database pages) and Chromium itself.
    await oneRun(browser, baseUrl, 0);
    for (let run = 1; run <= runs; run++) {
      const { cold, returning, open } = await oneRun(browser, baseUrl, run);
      result.cold.push(cold);
      result.returning.push(returning);
      result.openConversation.push(open);
    }
  } finally {
    await browser.close();
  }
  return result;
}

// A paint that never came is NaN: left out, and "n/a" when nothing is left.
const median = (values: number[]): number => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const ms = (values: number[]): string => {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? 'n/a' : `${median(finite).toFixed(0)} / ${Math.max(...finite).toFixed(0)}`;
};

export function firstLoadTable(backend: string, result: FirstLoadResult): string {
  const row = (label: string, times: PageTimes[]): string =>
    `| ${label} | ${ms(times.map((t) => t.fcp))} | ${ms(times.map((t) => t.ready))} | ${(median(times.map((t) => t.transferred)) / 1024).toFixed(1)} |`;
  return [
    `### L — first load in Chromium over loopback (${backend}; ${result.cold.length} runs after one warm-up; median / max)`,
    '',
    '| load | first contentful paint ms | screen ready ms | KB transferred |',
    '| --- | --- | --- | --- |',
    row('cold: new profile, sign-in screen', result.cold),
    row('returning: signed in, reload to the list', result.returning),
    '',
    `Opening a conversation from the list (click → composer shown): ${ms(result.openConversation)} ms.`,
  ].join('\n');
}

let built = false;

/** Builds the app once per bench process, so the numbers are for this checkout. */
function buildOnce(root: string): void {
  if (built) return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed (${result.status ?? result.signal})`);
  built = true;
}

export async function firstLoad(options: ParleyRunOptions): Promise<string> {
  buildOnce(options.root);
  const storage = await freshStorage(options);
  const relay = await startRelay(options, storage, { STATIC_DIR: join(options.root, 'build') });
  try {
    return firstLoadTable(options.backend, await measureFirstLoad(relay.httpUrl, options.quick ? 2 : 5));
  } finally {
    await relay.stop();
    await storage.drop();
  }
}
