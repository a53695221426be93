// Awareness updates as the relay reads them: decoded whole before use, and, from an
// authenticated connection, only entries for the connection's own clientIDs,
// with the `user` field set by the relay so nobody can show up (typing, online, reading) as
// someone else. Stock providers re-send other clients' entries (a peer's state timing out, for
// instance), so foreign entries are dropped, not treated as an attack.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessUser {
  id: string;
  name: string;
}

export interface AwarenessEntry {
  clientID: number;
  clock: number;
  state: unknown;
  /** Length of the state's JSON as sent. */
  size: number;
}

/**
 * Limits on what one connection publishes: a tab has one clientID per document (a few across
 * reloads), and its state is a name, a typing flag and a read position, well under a kilobyte.
 */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;
export const MAX_AWARENESS_STATE_BYTES = 8 * 1024;
/** clientIDs one user may claim in one room's awareness while it is loaded (tabs, devices, reloads). */
export const MAX_AWARENESS_CLAIMS_PER_USER = 32;

/**
 * Decodes every entry of an awareness update; throws on anything undecodable. applyAwarenessUpdate
 * applies entry by entry, so a bad entry after good ones would leave those applied but never
 * announced (nor removed on disconnect): a whole update is decoded before any of it is used.
 */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    entries.push({ clientID, clock, state: JSON.parse(json) as unknown, size: json.length });
  }
  if (decoding.hasContent(decoder)) throw new Error('Trailing bytes after the awareness update');
  return entries;
}

/** The entries that `isOwn` accepts, stamped with `user`, as an awareness update; null when none is left. */
export function stampAwareness(
  entries: readonly AwarenessEntry[],
  user: AwarenessUser,
  isOwn: (entry: AwarenessEntry) => boolean,
): Uint8Array | null {
  const own = entries.filter(isOwn);
  if (own.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, own.length);
  for (const { clientID, clock, state } of own) {
    encoding.writeVarUint(encoder, clientID);
    encoding.writeVarUint(encoder, clock);
    const stamped = state !== null && typeof state === 'object' && !Array.isArray(state) ? { ...state, user } : state;
    encoding.writeVarString(encoder, JSON.stringify(stamped));
  }
  return encoding.toUint8Array(encoder);
}
