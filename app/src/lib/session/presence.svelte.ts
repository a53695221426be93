// Who is online: GET /api/presence (polled every 30 s and when the window regains focus), with
// the open conversation's awareness on top, which knows at once when someone comes or goes.
import { untrack } from 'svelte';
import type { UserPresence } from '#protocol/http/accounts.ts';
import { session } from './session.svelte.ts';

export const PRESENCE_POLL_MS = 30_000;
/**
 * How long after someone leaves the open conversation the relay is asked again: by then the rest
 * of their device's connections have closed too, so it can say whether they are offline.
 */
export const DEPARTURE_RECHECK_MS = 2_000;

class PresenceDirectory {
  #polled = $state.raw<ReadonlyMap<string, UserPresence>>(new Map());
  /** Users with the open conversation open right now (its awareness). */
  #live = $state.raw<ReadonlySet<string>>(new Set());
  #recheck: ReturnType<typeof setTimeout> | undefined;

  of(userId: string): UserPresence | undefined {
    if (this.#live.has(userId)) return { userId, online: true, lastSeen: null };
    return this.#polled.get(userId);
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

  async #poll(): Promise<void> {
    try {
      const { users } = await session.api.presence();
      this.#polled = new Map(users.map((user) => [user.userId, user]));
    } catch {
      // Offline or signed out: the last answer stays until the next poll.
    }
  }
}

export const presence = new PresenceDirectory();
