// Spots a new version of the app waiting in the service worker registration and hands over to it
// when the user agrees. The worker never activates itself: a page running the old code would
// otherwise be served from the new version's caches mid-session.
import { SKIP_WAITING, type SkipWaitingMessage } from './messages.ts';

/** The parts of the browser's registration and container used here (tests pass fakes). */
export type WatchedRegistration = Pick<ServiceWorkerRegistration, 'waiting' | 'installing' | 'addEventListener'>;
export type WatchedContainer = Pick<ServiceWorkerContainer, 'controller' | 'addEventListener'>;
export type WaitingWorker = Pick<ServiceWorker, 'state' | 'postMessage' | 'addEventListener'>;

/**
 * Calls `onWaiting` with each new worker that has installed and waits to take over from the one
 * controlling this page. A first install, with no controller yet, is not an update.
 */
export function watchForWaitingWorker(
  registration: WatchedRegistration,
  container: WatchedContainer,
  onWaiting: (worker: WaitingWorker) => void,
): void {
  const offerIfWaiting = (worker: WaitingWorker | null): void => {
    if (worker?.state === 'installed' && container.controller) onWaiting(worker);
  };
  offerIfWaiting(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => offerIfWaiting(worker));
  });
}

/** Lets `worker` take over and reloads the page as soon as it controls it. */
export function activateAndReload(worker: WaitingWorker, container: WatchedContainer, reload: () => void): void {
  container.addEventListener('controllerchange', () => reload(), { once: true });
  const message: SkipWaitingMessage = { type: SKIP_WAITING };
  worker.postMessage(message);
}
