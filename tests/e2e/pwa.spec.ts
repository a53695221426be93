// Parley as an installable, offline-capable PWA: manifest, icons, service worker, update prompt.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { axeScan } from './helpers/axe.ts';
import { signUp, uniqueName } from './helpers/app.ts';
import { ROOT, startRelay } from './helpers/relay.ts';
import { screenshotBoth } from './helpers/screenshots.ts';
import { controllingWorker, serviceWorkerActive } from './helpers/service-worker.ts';

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/** Width and height from a PNG's IHDR chunk, which always comes first. */
async function pngSize(request: APIRequestContext, src: string): Promise<string> {
  const response = await request.get(src);
  expect(response.headers()['content-type']).toBe('image/png');
  const png = await response.body();
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
}

test('the manifest names Parley, opens standalone and has 192 and 512 px icons, one maskable', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const response = await request.get(href!);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await response.json()) as Record<string, unknown> & { icons: ManifestIcon[] };
  expect(manifest).toMatchObject({ name: 'Parley', short_name: 'Parley', start_url: '/', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', manifest.theme_color as string);

  for (const icon of manifest.icons) expect(await pngSize(request, icon.src), icon.src).toBe(icon.sizes);
  const sizes = manifest.icons.map((icon) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.filter((icon) => icon.purpose === 'maskable')).toHaveLength(1);

  const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  expect(await pngSize(request, appleIcon!)).toBe('180x180');
});

test('Chromium finds the app installable and a service worker controls it after a reload', async ({ page }) => {
  await page.goto('/');
  await serviceWorkerActive(page);
  expect(await controllingWorker(page)).toBeNull();
  await page.reload();
  expect(await controllingWorker(page)).toMatch(/\/service-worker\.js$/);

  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito, where Chromium never offers to install; every other
  // criterion (manifest fields, icons, a service worker with a fetch handler) is checked.
  expect(installabilityErrors.filter((error) => error.errorId !== 'in-incognito')).toEqual([]);
});

test('offline after a first visit, a reload still shows the app from the service worker with the offline banner', async ({
  page,
  context,
}) => {
  await signUp(page, uniqueName('offline'));
  await serviceWorkerActive(page);
  await expect(page.getByText("You're offline")).toBeHidden();

  await context.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: "You're offline" })).toBeVisible();
  const response = await page.reload();
  expect(response?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('navigation', { name: 'Conversation list' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New group' }).first()).toBeEnabled();
  await expect(page.getByRole('status').filter({ hasText: "You're offline" })).toBeVisible();
  expect(await axeScan(page)).toEqual([]);
  await screenshotBoth(page, 'offline-banner');

  await context.setOffline(false);
  await expect(page.getByText("You're offline")).toBeHidden();
});

/** Ships "the next version" into a copy of the build: the same app under a new version number. */
function deployNextVersion(staticDir: string): string {
  const { version } = JSON.parse(readFileSync(`${staticDir}/_app/version.json`, 'utf8')) as { version: string };
  const worker = readFileSync(`${staticDir}/service-worker.js`, 'utf8');
  expect(worker).toContain(version);
  const next = `${version}-next`;
  const updated = worker.replaceAll(version, next);
  // As the build does: the relay serves the precompressed copy to browsers that accept it.
  writeFileSync(`${staticDir}/service-worker.js`, updated);
  writeFileSync(`${staticDir}/service-worker.js.br`, brotliCompressSync(updated));
  writeFileSync(`${staticDir}/service-worker.js.gz`, gzipSync(updated));
  return next;
}

test('when a new version is deployed, the page offers a reload and switches to it on request', async ({ page }) => {
  // Its own relay on a copy of the build, so that deploying does not touch the other tests' app.
  const staticDir = mkdtempSync(`${tmpdir()}/parley-deploy-`);
  cpSync(`${ROOT}/build`, staticDir, { recursive: true });
  const relay = await startRelay({ staticDir, logFile: test.info().outputPath('relay.log') });
  const cacheNames = () => page.evaluate(() => caches.keys());
  const waitingWorker = () => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting));
  try {
    await page.goto(relay.url);
    await serviceWorkerActive(page);
    await page.reload();
    expect(await controllingWorker(page)).not.toBeNull();
    const [firstCache] = await cacheNames();

    const next = deployNextVersion(staticDir);
    // Any later navigation or the hourly check would find it; the test asks right away.
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const banner = page.getByRole('status').filter({ hasText: 'A new version of Parley is available.' });
    await expect(banner).toBeVisible();
    // The new version waits: the open page keeps the worker and caches it was loaded with.
    expect(await waitingWorker()).toBe(true);
    expect(await cacheNames()).toContain(firstCache);
    expect(await axeScan(page)).toEqual([]);
    await screenshotBoth(page, 'update-banner');

    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await expect(banner).toBeHidden();
    expect(await waitingWorker()).toBe(false);
    await expect.poll(cacheNames).toEqual([`parley-${next}`]);
  } finally {
    await page.close();
    await relay.stop();
    rmSync(staticDir, { recursive: true, force: true });
  }
});
