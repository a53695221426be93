// Live read receipts: the furthest read position seen of each other member, kept after they close
// the conversation (awareness only has those who have it open) so a receipt never goes back.
import { z } from 'zod';
import type { Peer } from '#model/index.ts';

export const readPositionsSchema = z.record(z.string(), z.object({ name: z.string(), hlc: z.string() }));

/** By user id: their name and the HLC of the newest message they have seen. */
export type ReadPositions = Readonly<z.output<typeof readPositionsSchema>>;

/** Another member's read position reached one of my messages. */
export interface SeenBy {
  messageId: string;
  names: string[];
}

/** The positions with the peers who read further; null when none did. */
export function advanceReadPositions(positions: ReadPositions, peers: readonly Peer[]): ReadPositions | null {
  const moved = peers.filter((peer) => peer.readUpTo !== null && peer.readUpTo > (positions[peer.userId]?.hlc ?? ''));
  if (moved.length === 0) return null;
  const next = { ...positions };
  for (const peer of moved) next[peer.userId] = { name: peer.name, hlc: peer.readUpTo ?? '' };
  return next;
}

/** Who read my newest message that someone read. */
export function seenBy(
  messages: readonly { id: string; hlc: string; mine: boolean; deleted: boolean; status?: string | undefined }[],
  positions: ReadPositions,
): SeenBy | null {
  const message = messages.findLast((candidate) => candidate.mine && !candidate.deleted && candidate.status === 'read');
  if (!message) return null;
  const names = Object.values(positions)
    .filter((position) => position.hlc >= message.hlc)
    .map((position) => position.name);
  return names.length > 0 ? { messageId: message.id, names } : null;
}
