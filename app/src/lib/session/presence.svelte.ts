// Who is online: GET /api/presence (polled every 30 s and when the window regains focus), the
// relay's pushes on the inbox connection when a contact comes or goes (within seconds), and the
// open conversation's awareness on top, which knows at once who has it open.
import { untrack } from 'svelte';
import { online } from 'svelte/reactivity/window';
import type { WebsocketProvider } from 'y-websocket';
import type { UserPresence } from '#protocol/http/accounts.ts';
import { MessageType, readPresence } from '#protocol/sync-messages.ts';
import { session } from './session.svelte.ts';

export const PRESENCE_POLL_MS = 30_000;
/**
 * How long after someone leaves the open conversation the relay is asked again: by then the rest
 * of their device's connections have closed too, so it can say whether they are offline.
 */
export const DEPARTURE_RECHECK_MS = 2_000;

class PresenceDirectory {
  /** What "Last seen 5 minutes ago" is counted from: moves with every poll and push. */
  now = $state(Date.now());
  #polled = $state.raw<ReadonlyMap<string, UserPresence>>(new Map());
  /** Users with the open conversation open right now (its awareness). */
  #live = $state.raw<ReadonlySet<string>>(new Set());
  #recheck: ReturnType<typeof setTimeout> | undefined;
  /** Users the polls did not list, asked about once each: a new contact (a DM just started) is polled for, not at every read. */
  readonly #asked = new Set<string>();

  /** Undefined while unknown, and while this device is offline: what it last heard may no longer be true. */
  of(userId: string): UserPresence | undefined {
    if (online.current === false) return undefined;
    if (this.#live.has(userId)) return { userId, online: true, lastSeen: null };
    const known = this.#polled.get(userId);
    if (!known) this.#askAbout(userId);
    return known;
  }

  /**
   * Sets who has the open conversation open. Someone who left may have closed Parley: the last
   * poll still says online, so the relay is asked again shortly instead of at the next poll.
   */
  setLive(users: ReadonlySet<string>): void {
    // Not a dependency of the caller's effect, which sets it.
    const someoneLeft = [...untrack(() => this.#live)].some((userId) => !users.has(userId));
    this.#live = users;
    if (!someoneLeft) return;
    clearTimeout(this.#recheck);
    this.#recheck = setTimeout(() => void this.#poll(), DEPARTURE_RECHECK_MS);
  }

  /** Hears the relay's presence pushes on the user's inbox connection. */
  listen(provider: WebsocketProvider): void {
    provider.messageHandlers[MessageType.presence] = (_encoder, decoder) => {
      const change = readPresence(decoder);
      if (!change) return;
      this.#polled = new Map([...this.#polled, [change.userId, change]]);
      this.now = Date.now();
    };
  }

  /** Polls while signed in; returns the function that stops it. */
  start(): () => void {
    void this.#poll();
    const timer = setInterval(() => void this.#poll(), PRESENCE_POLL_MS);
    const onFocus = () => void this.#poll();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      clearTimeout(this.#recheck);
      window.removeEventListener('focus', onFocus);
    };
  }

  /** Someone the last poll did not list (a contact since): the relay is asked now rather than at the next poll. */
  #askAbout(userId: string): void {
    if (this.#asked.has(userId)) return;
    this.#asked.add(userId);
    // Out of the reading (often a template's derivation): the poll writes state.
    setTimeout(() => void this.#poll(), 0);
  }

  async #poll(): Promise<void> {
    try {
      const { users } = await session.api.presence();
      this.#polled = new Map(users.map((user) => [user.userId, user]));
      this.now = Date.now();
    } catch {
      // Offline or signed out: the last answer stays until the next poll.
    }
  }
}

export const presence = new PresenceDirectory();
