// Every WebSocket close code a Parley client sees, with what the client does next, in one table
// that the relay (which sends them) and the app (which acts on them) both import. A stock
// y-websocket provider retries after all of them; Parley's client follows `action`.

/** retry: reconnect with backoff; stop: retrying would repeat the failure; refresh-token: get a new token, then reconnect. */
export type CloseAction = 'retry' | 'stop' | 'refresh-token';

const CLOSES = {
  /** No close frame: the network went away, or the relay dropped a client that stopped reading. Never sent. */
  connectionLost: { code: 1006, action: 'retry' },
  /** Server is shutting down or restarting: reconnect (to another instance) soon. */
  restarting: { code: 1012, action: 'retry' },
  /** A frame that is not valid y-websocket: truncated, undecodable, or a corrupt Yjs update. A client bug: retrying repeats it. */
  malformedFrame: { code: 1007, action: 'stop' },
  /** A text frame or a message type the relay does not speak. */
  unsupportedMessage: { code: 1003, action: 'stop' },
  /** A frame larger than MAX_FRAME_BYTES (sent by the ws library itself): the same frame would be resent. */
  frameTooLarge: { code: 1009, action: 'stop' },
  /** Storage failed; nothing from the failed batch was stored or broadcast: reconnect and resend. */
  storageFailed: { code: 1011, action: 'retry' },
  /**
   * Try again later: too many documents loaded, or this user is over a limit (message rate,
   * connections); the denial says which. 1013 keeps stock providers retrying, and backoff waits it out.
   */
  overloaded: { code: 1013, action: 'retry' },
  /** Peer did not answer pings. */
  unresponsive: { code: 4408, action: 'retry' },
  /** The document name in /sync/<name> is not valid. */
  invalidDocName: { code: 4400, action: 'stop' },
  /** No access token, or an invalid, expired or signed-out one. */
  unauthorized: { code: 4401, action: 'refresh-token' },
  /** Not allowed: not a member (any more), or an update this user may not make; the denial says which. */
  forbidden: { code: 4403, action: 'stop' },
  /** No such document or conversation. */
  notFound: { code: 4404, action: 'stop' },
} as const satisfies Record<string, { code: number; action: CloseAction }>;

type Closes = typeof CLOSES;
export type CloseName = keyof Closes;

/** The code of each close by name: `CloseCode.forbidden` is 4403. */
export const CloseCode = Object.fromEntries(Object.entries(CLOSES).map(([name, { code }]) => [name, code])) as {
  readonly [Name in CloseName]: Closes[Name]['code'];
};

const ACTIONS: ReadonlyMap<number, CloseAction> = new Map(Object.values(CLOSES).map(({ code, action }) => [code, action]));

/** Unknown codes are retried: a newer relay's transient code must not strand an older client. */
export function closeAction(code: number): CloseAction {
  return ACTIONS.get(code) ?? 'retry';
}

/** Whether `code` is one of the table's (for tests and docs that must list every code). */
export function isKnownCloseCode(code: number): boolean {
  return ACTIONS.has(code);
}
