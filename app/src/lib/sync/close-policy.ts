// What the client does after the relay closes its socket. The app must not import relay/, so this
// table mirrors relay/close-codes.ts; tests/client-convergence.test.ts fails when the relay gains
// a code this table does not list.

export type CloseAction = 'retry' | 'stop' | 'refresh-token';

export const CLOSE_ACTIONS: ReadonlyMap<number, CloseAction> = new Map<number, CloseAction>([
  [1006, 'retry'], // no close frame: network loss, or the relay dropped a client that stopped reading
  [1011, 'retry'], // storage failed: the update is still in the doc and is resent by the sync handshake
  [1012, 'retry'], // relay restarting
  [1013, 'retry'], // relay overloaded, or this user over a limit (message rate): backoff waits it out
  [4408, 'retry'], // no answer to pings
  [1003, 'stop'], // unsupported message: a client bug, retrying repeats it
  [1007, 'stop'], // malformed frame: same
  [1009, 'stop'], // frame too large: the same frame would be resent
  [4400, 'stop'], // invalid document name
  [4403, 'stop'], // not a member (any more), or an update this user may not make
  [4404, 'stop'], // no such document
  [4401, 'refresh-token'], // token expired, invalid or missing
]);

/** Unknown codes are retried: a newer relay's transient code must not strand an older client. */
export function closeAction(code: number): CloseAction {
  return CLOSE_ACTIONS.get(code) ?? 'retry';
}
