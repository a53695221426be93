// Awareness from an authenticated connection: entries only for clientIDs that are not bound to
// another user in this document, with the `user` field set by the relay so nobody can show up
// (typing, online, reading) as someone else.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessUser {
  id: string;
  name: string;
}

export type StampResult = { ok: true; update: Uint8Array } | { ok: false; message: string };

/** Rewrites an awareness update; throws on undecodable input (the caller maps that to 1007). */
export function stampAwareness(update: Uint8Array, user: AwarenessUser, bindings: ReadonlyMap<number, string>): StampResult {
  const decoder = decoding.createDecoder(update);
  const encoder = encoding.createEncoder();
  const count = decoding.readVarUint(decoder);
  encoding.writeVarUint(encoder, count);
  for (let i = 0; i < count; i++) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    const bound = bindings.get(clientID);
    if (bound !== undefined && bound !== user.id) return { ok: false, message: `Awareness for Yjs client ${clientID}, which belongs to another user` };
    encoding.writeVarUint(encoder, clientID);
    encoding.writeVarUint(encoder, clock);
    const stamped = state !== null && typeof state === 'object' && !Array.isArray(state) ? { ...state, user } : state;
    encoding.writeVarString(encoder, JSON.stringify(stamped));
  }
  if (decoding.hasContent(decoder)) throw new Error('Trailing bytes after the awareness update');
  return { ok: true, update: encoding.toUint8Array(encoder) };
}
