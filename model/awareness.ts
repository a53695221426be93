// What a Parley client publishes in Yjs awareness on a conversation, and how the others read it:
// presence (online / away; offline is having no state), typing, and the read position that makes
// live read receipts. The relay stamps `user`; everything else comes from the client.
import { parseHlc } from './hlc.ts';
import { compareStrings } from './schema.ts';

export type Presence = 'online' | 'away';

export interface AwarenessState {
  /** Set by the relay from the connection's token; never trusted from the client. */
  user?: { id: string; name: string };
  presence: Presence;
  typing: boolean;
  /** HLC of the newest message this device has shown the user, or null. */
  readUpTo: string | null;
}

/** Typing shows for this long after the last keystroke unless refreshed. */
export const TYPING_IDLE_MS = 3_000;
/** A typing client republishes at most this often while the user keeps typing. */
export const TYPING_REFRESH_MS = 1_000;

export interface Peer {
  userId: string;
  name: string;
  presence: Presence;
  typing: boolean;
  readUpTo: string | null;
}

/**
 * The other users in a conversation, one entry per user however many devices they have: online
 * if any device is, typing if any device is, and the furthest read position of their devices.
 */
export function readPeers(states: ReadonlyMap<number, unknown>, selfUserId: string): Peer[] {
  const peers = new Map<string, Peer>();
  for (const raw of states.values()) {
    const state = readState(raw);
    if (!state?.user || state.user.id === selfUserId) continue;
    const { id, name } = state.user;
    const known = peers.get(id);
    if (!known) {
      peers.set(id, { userId: id, name, presence: state.presence, typing: state.typing, readUpTo: state.readUpTo });
      continue;
    }
    if (state.presence === 'online') known.presence = 'online';
    known.typing ||= state.typing;
    if (state.readUpTo !== null && (known.readUpTo === null || compareStrings(state.readUpTo, known.readUpTo) > 0))
      known.readUpTo = state.readUpTo;
  }
  return [...peers.values()].sort((a, b) => compareStrings(a.userId, b.userId));
}

/** Decodes one awareness state leniently; null for anything that is not a Parley state. */
export function readState(raw: unknown): AwarenessState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { user, presence, typing, readUpTo } = raw as Record<string, unknown>;
  const validUser =
    typeof user === 'object' &&
    user !== null &&
    typeof (user as Record<string, unknown>).id === 'string' &&
    typeof (user as Record<string, unknown>).name === 'string'
      ? { id: (user as { id: string }).id, name: (user as { name: string }).name }
      : undefined;
  return {
    ...(validUser ? { user: validUser } : {}),
    presence: presence === 'away' ? 'away' : 'online',
    typing: typing === true,
    readUpTo: typeof readUpTo === 'string' && parseHlc(readUpTo) ? readUpTo : null,
  };
}

export interface TypingSignal {
  typing: boolean;
  /** When typing was last published (ms). */
  publishedAt: number;
  /** When the user last typed (ms). */
  lastInputAt: number;
}

export const IDLE_TYPING: TypingSignal = { typing: false, publishedAt: 0, lastInputAt: 0 };

/**
 * The next typing signal after an event, and whether to publish it. Input sets typing (throttled
 * to one publish per TYPING_REFRESH_MS); sending clears it at once; a tick clears it after
 * TYPING_IDLE_MS without input.
 */
export function nextTyping(
  current: TypingSignal,
  event: 'input' | 'send' | 'tick',
  nowMs: number,
): { signal: TypingSignal; publish: boolean } {
  switch (event) {
    case 'input': {
      const publish = !current.typing || nowMs - current.publishedAt >= TYPING_REFRESH_MS;
      return { signal: { typing: true, publishedAt: publish ? nowMs : current.publishedAt, lastInputAt: nowMs }, publish };
    }
    case 'send':
      return { signal: { ...IDLE_TYPING, lastInputAt: current.lastInputAt }, publish: current.typing };
    case 'tick':
      if (current.typing && nowMs - current.lastInputAt >= TYPING_IDLE_MS)
        return { signal: { ...current, typing: false, publishedAt: nowMs }, publish: true };
      return { signal: current, publish: false };
  }
}

/** Whether a peer's typing flag is still fresh, given when it was last updated (ms). */
export function isTypingFresh(updatedAt: number, nowMs: number): boolean {
  return nowMs - updatedAt < TYPING_IDLE_MS + TYPING_REFRESH_MS;
}
