// The other members with a conversation open, read from awareness on its newest segment.
import { isTypingFresh, readPeers, type Peer } from '#model/index.ts';

/** What is read of a y-protocols Awareness. */
export interface AwarenessStates {
  getStates(): ReadonlyMap<number, Readonly<Record<string, unknown>>>;
  readonly meta: ReadonlyMap<number, { lastUpdated: number }>;
}

/** A peer whose typing flag went stale (their tab closed mid-word) is not typing. */
export function livePeers(awareness: AwarenessStates, selfUserId: string, now: number): Peer[] {
  const states = new Map<number, unknown>();
  for (const [client, state] of awareness.getStates()) {
    const updatedAt = awareness.meta.get(client)?.lastUpdated ?? 0;
    states.set(client, isTypingFresh(updatedAt, now) ? state : { ...state, typing: false });
  }
  return readPeers(states, selfUserId);
}
