// Message ids end with the base36 clientID of the Yjs client that creates the message, so the
// relay can check that a new key under `messages` belongs to its writer from the key alone,
// and two clients can never race for the same key.
import type { Hlc } from './hlc.ts';
import { formatHlc } from './hlc.ts';

const MESSAGE_ID_PATTERN = /^[0-9a-z._-]{1,40}~([0-9a-z]{1,7})$/;

/** The id for a message sent at `hlc` from the document whose clientID is `clientID`. */
export function messageId(hlc: Hlc, clientID: number): string {
  return `${formatHlc(hlc)}~${clientID.toString(36)}`;
}

/** The clientID that owns a message id, or undefined if the id is malformed. */
export function messageIdClient(id: string): number | undefined {
  const match = MESSAGE_ID_PATTERN.exec(id);
  if (!match?.[1]) return undefined;
  const client = parseInt(match[1], 36);
  return client <= 0xffffffff ? client : undefined;
}

export function isMessageId(id: unknown): id is string {
  return typeof id === 'string' && messageIdClient(id) !== undefined;
}
