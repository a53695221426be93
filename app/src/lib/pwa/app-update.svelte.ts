// Registers the service worker and exposes whether a new version of the app waits for a reload.
// One instance lives as long as the page (the root layout owns it).
import { dev } from '$app/environment';
import { activateAndReload, watchForWaitingWorker, type WaitingWorker } from './update-watch.ts';

/** A tab can stay open for days without navigating; the browser only checks for updates on navigation. */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export class AppUpdate {
  /** True once a new version has installed and waits for the user's go-ahead. */
  available = $state(false);

  #waiting: WaitingWorker | null = null;

  async start(): Promise<void> {
    // Under `vite dev` the worker's cached shell would go stale against hot-reloaded modules.
    if (dev || !('serviceWorker' in navigator)) return;
    const container = navigator.serviceWorker;
    let registration: ServiceWorkerRegistration;
    try {
      // The browser fetches the worker script itself on every check, bypassing the HTTP cache.
      registration = await container.register('/service-worker.js', { updateViaCache: 'none' });
    } catch (error) {
      console.warn('Parley cannot work offline: the service worker did not register', error);
      return;
    }
    watchForWaitingWorker(registration, container, (worker) => {
      this.#waiting = worker;
      this.available = true;
    });

    // An offline check rejects; the next one will try again.
    const check = (): void => void registration.update().catch(() => {});
    setInterval(check, UPDATE_CHECK_INTERVAL_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') check();
    });
  }

  /** Switches to the waiting version: the page reloads once the new worker controls it. */
  reload(): void {
    if (this.#waiting) activateAndReload(this.#waiting, navigator.serviceWorker, () => location.reload());
  }
}
