// Read receipts: how far each other member has read, the furthest of what the relay stored in the
// head (model/read-positions.ts: it lasts, on every device) and what awareness says live.
import type { Peer, ReadPosition } from '#model/index.ts';

/** By user id. */
export type ReadPositions = ReadonlyMap<string, ReadPosition>;

/** Another member's read position reached one of my messages. */
export interface SeenBy {
  messageId: string;
  userIds: string[];
  /** When the latest of them read it (ms). */
  at: number;
}

/** The live positions with the peers who read further, learned `now`; null when none did. */
export function advanceLive(positions: ReadPositions, peers: readonly Peer[], now: number): ReadPositions | null {
  const moved = peers.filter((peer) => peer.readUpTo !== null && peer.readUpTo > (positions.get(peer.userId)?.hlc ?? ''));
  if (moved.length === 0) return null;
  const next = new Map(positions);
  for (const peer of moved) next.set(peer.userId, { hlc: peer.readUpTo ?? '', at: now });
  return next;
}

/** Each other member's furthest position of the two; the reader's own is left out. */
export function furthestPositions(stored: ReadPositions, live: ReadPositions, selfUserId: string): ReadPositions {
  const positions = new Map<string, ReadPosition>();
  for (const source of [stored, live]) {
    for (const [userId, position] of source) {
      const known = positions.get(userId);
      if (userId !== selfUserId && (!known || position.hlc > known.hlc)) positions.set(userId, position);
    }
  }
  return positions;
}

/** Who read my newest message that someone read. */
export function seenBy(
  messages: readonly { id: string; hlc: string; mine: boolean; deleted: boolean; status?: string | undefined }[],
  positions: ReadPositions,
): SeenBy | null {
  const message = messages.findLast((candidate) => candidate.mine && !candidate.deleted && candidate.status === 'read');
  if (!message) return null;
  const readers = [...positions].filter(([, position]) => position.hlc >= message.hlc);
  if (readers.length === 0) return null;
  return { messageId: message.id, userIds: readers.map(([userId]) => userId), at: Math.max(...readers.map(([, position]) => position.at)) };
}
