// Every WebSocket close code the relay sends, in one table. Clients retry on the "retry" ones
// and stop on the others (a stock y-websocket provider retries on all of them).

export const CloseCode = {
  /** Server is shutting down or restarting: reconnect (to another instance) soon. */
  restarting: 1012,
  /** A frame that is not valid y-websocket: truncated, undecodable, or a corrupt Yjs update. */
  malformedFrame: 1007,
  /** A text frame or a message type the relay does not speak. */
  unsupportedMessage: 1003,
  /** A frame larger than MAX_FRAME_BYTES (sent by the ws library itself). */
  frameTooLarge: 1009,
  /** Storage failed; nothing from the failed batch was stored or broadcast: reconnect and resend. */
  storageFailed: 1011,
  /**
   * Try again later: too many documents loaded, or this user is over a limit (message rate,
   * connections); the permission-denied reason says which. 1013 keeps stock providers retrying.
   * (A client that stops reading is dropped without a close frame.)
   */
  overloaded: 1013,
  /** Peer did not answer pings. */
  unresponsive: 4408,
  /** The document name in /sync/<name> is not valid: do not retry. */
  invalidDocName: 4400,
  /** No access token, or an invalid or expired one: refresh the token, then reconnect. */
  unauthorized: 4401,
  /** Not allowed: not a member (any more), or an update this user may not make. Do not retry. */
  forbidden: 4403,
  /** No such document or conversation: do not retry. */
  notFound: 4404,
} as const;

/** Codes after which a client should reconnect (with backoff). */
export const RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.restarting,
  CloseCode.storageFailed,
  CloseCode.overloaded,
  CloseCode.unresponsive,
]);
