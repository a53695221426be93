// Messages between the page and the service worker (both import this file).

/** Page → waiting worker: the user accepted the new version; take over now. */
export const SKIP_WAITING = 'SKIP_WAITING';

export interface SkipWaitingMessage {
  type: typeof SKIP_WAITING;
}
