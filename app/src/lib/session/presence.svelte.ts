// Who is online: GET /api/presence (polled every 30 s and when the window regains focus), with
// the open conversation's awareness on top, which knows at once when someone comes or goes.
import type { UserPresence } from '../api/types.ts';
import { session } from './session.svelte.ts';

export const PRESENCE_POLL_MS = 30_000;

class PresenceDirectory {
  #polled = $state.raw<ReadonlyMap<string, UserPresence>>(new Map());
  /** Users with the open conversation open right now (its awareness). */
  live = $state.raw<ReadonlySet<string>>(new Set());

  of(userId: string): UserPresence | undefined {
    if (this.live.has(userId)) return { userId, online: true, lastSeen: null };
    return this.#polled.get(userId);
  }

  /** Polls while signed in; returns the function that stops it. */
  start(): () => void {
    void this.#poll();
    const timer = setInterval(() => void this.#poll(), PRESENCE_POLL_MS);
    const onFocus = () => void this.#poll();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }

  async #poll(): Promise<void> {
    try {
      const { users } = await session.request<{ users: UserPresence[] }>('/presence');
      this.#polled = new Map(users.map((user) => [user.userId, user]));
    } catch {
      // Offline or signed out: the last answer stays until the next poll.
    }
  }
}

export const presence = new PresenceDirectory();
