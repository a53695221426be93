// How far each member has read a conversation, stored in its head document so the other members
// see it whether or not both have the conversation open, on every device. Only the relay writes
// it (heads are relay-owned), from the read markers members set in their inboxes; a position only
// moves forward. Awareness still carries the live position while a conversation is open.
import type * as Y from 'yjs';
import { parseHlc } from './hlc.ts';
import { compareStrings } from './schema.ts';

/** Top-level Y.Map of the head document: userId → ReadPosition. */
export const READS_KEY = 'reads';

export interface ReadPosition {
  /** The HLC of the newest message the member has read. */
  hlc: string;
  /** When the relay learned of it (ms since the epoch). */
  at: number;
}

/** The stored positions by userId; malformed entries are skipped. */
export function readPositions(head: Y.Doc): Map<string, ReadPosition> {
  const positions = new Map<string, ReadPosition>();
  for (const [userId, value] of head.getMap(READS_KEY).entries()) {
    if (typeof value !== 'object' || value === null) continue;
    const { hlc, at } = value as Record<string, unknown>;
    if (typeof hlc === 'string' && parseHlc(hlc) && typeof at === 'number' && Number.isFinite(at)) positions.set(userId, { hlc, at });
  }
  return positions;
}

/** Moves the members' positions forward to `reached` (userId → HLC); false when none moved. */
export function advanceReadPositions(head: Y.Doc, reached: ReadonlyMap<string, string>, at: number): boolean {
  const current = readPositions(head);
  const reads = head.getMap(READS_KEY);
  let moved = false;
  for (const [userId, hlc] of reached) {
    const before = current.get(userId);
    if (!parseHlc(hlc) || (before && compareStrings(hlc, before.hlc) <= 0)) continue;
    reads.set(userId, { hlc, at });
    moved = true;
  }
  return moved;
}
