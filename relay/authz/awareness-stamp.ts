// Awareness from an authenticated connection: only entries for the connection's own clientIDs,
// with the `user` field set by the relay so nobody can show up (typing, online, reading) as
// someone else. Stock providers re-send other clients' entries (a peer's state timing out, for
// instance), so foreign entries are dropped, not treated as an attack.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessUser {
  id: string;
  name: string;
}

/**
 * The entries of an awareness update that `isOwn` accepts, stamped with `user`; null when none
 * is left. Throws on undecodable input (the caller maps that to 1007).
 */
export function stampAwareness(update: Uint8Array, user: AwarenessUser, isOwn: (clientID: number) => boolean): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const entries: { clientID: number; clock: number; state: unknown }[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    if (isOwn(clientID)) entries.push({ clientID, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new Error('Trailing bytes after the awareness update');
  if (entries.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientID, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientID);
    encoding.writeVarUint(encoder, clock);
    const stamped = state !== null && typeof state === 'object' && !Array.isArray(state) ? { ...state, user } : state;
    encoding.writeVarString(encoder, JSON.stringify(stamped));
  }
  return encoding.toUint8Array(encoder);
}
