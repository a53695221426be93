// What the app says when it cannot talk to the relay, and why: the network is down (the browser
// says so), or the network is up and the relay does not answer.
import type { ConnectionStatus } from '#sync-client/open-document.ts';

export type ConnectionProblem = 'offline' | 'unreachable';

/** A relay unreachable for this long is said so; a reconnect within it (a relay restart) is not. */
export const UNREACHABLE_GRACE_MS = 2_000;

export const BANNER_TEXT: Record<ConnectionProblem, string> = {
  offline: "You're offline. Parley reconnects when the network is back.",
  unreachable: "Can't reach the server. Parley keeps trying; what you write is kept on this device.",
};

/**
 * The banner's problem, or null for none. `networkUp`: navigator.onLine (undefined before the page
 * knows); `relayUnreachable`: the last attempt to reach the relay failed.
 */
export function connectionProblem(networkUp: boolean | undefined, relayUnreachable: boolean): ConnectionProblem | null {
  if (networkUp === false) return 'offline';
  return relayUnreachable ? 'unreachable' : null;
}

/** A document's connection that is not online, as a conversation's header says it. */
export function connectionLabel(state: Exclude<ConnectionStatus['state'], 'online'>, networkUp: boolean | undefined): string {
  if (networkUp === false) return 'Offline';
  // Between attempts the state is 'offline' too; with the network up, the next attempt is coming.
  return state === 'stopped' ? 'Not connected' : 'Connecting…';
}
