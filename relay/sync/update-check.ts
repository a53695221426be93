import * as Y from 'yjs';
import { ProtocolError } from '../../protocol/sync-messages.ts';

/**
 * Decodes a Yjs update completely (structs and delete set) so that a corrupt one is refused
 * before it is stored: a stored update that cannot be applied would break every later load.
 */
export function inspectUpdate(update: Uint8Array): { empty: boolean; decoded: ReturnType<typeof Y.decodeUpdate> } {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw new ProtocolError('malformed_frame', 'Invalid Yjs update');
  }
  // Yjs decodes these but throws while applying them (after they would have been stored and
  // broadcast): a struct referring to a later clock of its own client, and an empty delete range.
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent]) {
      if (ref instanceof Y.ID && ref.client === struct.id.client && ref.clock >= struct.id.clock) {
        throw new ProtocolError('malformed_frame', 'Invalid Yjs update: a struct refers to a later struct of its own client');
      }
    }
  }
  for (const ranges of decoded.ds.clients.values()) {
    if (ranges.some((range) => range.len <= 0)) throw new ProtocolError('malformed_frame', 'Invalid Yjs update: empty delete range');
  }
  return { empty: decoded.structs.length === 0 && decoded.ds.clients.size === 0, decoded };
}
