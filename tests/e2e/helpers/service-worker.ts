// Waits for the app's service worker, which the page registers after it mounts.
import type { Page } from '@playwright/test';

/** Resolves once a service worker is active for the page (not necessarily controlling it yet). */
export async function serviceWorkerActive(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

/** The script URL of the worker controlling the page, or null when none does. */
export function controllingWorker(page: Page): Promise<string | null> {
  return page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
}
