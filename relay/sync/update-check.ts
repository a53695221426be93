import * as Y from 'yjs';
import { ProtocolError } from '../protocol.ts';

/**
 * Decodes a Yjs update completely (structs and delete set) so that a corrupt one is refused
 * before it is stored: a stored update that cannot be applied would break every later load.
 */
export function inspectUpdate(update: Uint8Array): { empty: boolean } {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw new ProtocolError('malformed_frame', 'Invalid Yjs update');
  }
  return { empty: decoded.structs.length === 0 && decoded.ds.clients.size === 0 };
}
