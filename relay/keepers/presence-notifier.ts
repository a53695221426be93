// Tells a user's contacts (everyone sharing a conversation with them) when they come online or
// go offline, over the contacts' open inbox connections, so a header's "Online" / "Last seen"
// follows within seconds instead of at the app's next /api/presence poll. Going offline is told
// only once the user stayed away for `offlineGraceMs`: a reload or a dropped socket that comes
// straight back is no departure. Also records when the user was last seen, except for users kept
// quiet (the demo's accounts while the relay itself writes their history).
import type { Logger } from 'pino';
import { encodePresence, type PresenceChange } from '../../protocol/sync-messages.ts';
import type { SyncHook } from '../sync/hooks.ts';

export interface PresenceNotifierOptions {
  contactsOf(userId: string): Promise<string[]>;
  /** Sends a frame to the Parley inbox connections of these users. */
  sendToInboxes(userIds: ReadonlySet<string>, frame: Uint8Array): void;
  isOnline(userId: string): boolean;
  setLastSeen(userId: string, at: Date): Promise<void>;
  offlineGraceMs: number;
  log: Logger;
}

export class PresenceNotifier implements SyncHook {
  readonly name = 'presence';
  readonly #options: PresenceNotifierOptions;
  /** Users who went away and are not told as offline yet. */
  readonly #leaving = new Map<string, NodeJS.Timeout>();
  /** Users whose comings and goings are not anyone's: nothing is recorded or told. */
  readonly #quiet = new Set<string>();

  constructor(options: PresenceNotifierOptions) {
    this.#options = options;
  }

  /** Stops recording and telling these users' presence until `release`. */
  quiet(userIds: readonly string[]): void {
    for (const userId of userIds) this.#quiet.add(userId);
  }

  /** Once these users' connections have all closed (at most `withinMs`), records and tells their presence again. */
  async release(userIds: readonly string[], withinMs = 5_000): Promise<void> {
    const until = performance.now() + withinMs;
    while (userIds.some((userId) => this.#options.isOnline(userId)) && performance.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 20));
    for (const userId of userIds) this.#quiet.delete(userId);
  }

  userOnline(userId: string): void {
    if (this.#quiet.has(userId)) return;
    const leaving = this.#leaving.get(userId);
    if (leaving) {
      // Back within the grace: the contacts never heard of a departure, so nothing changed for them.
      clearTimeout(leaving);
      this.#leaving.delete(userId);
      return;
    }
    this.#tell({ userId, online: true, lastSeen: null });
  }

  userOffline(userId: string): void {
    if (this.#quiet.has(userId)) return;
    const at = new Date();
    const { setLastSeen, offlineGraceMs, isOnline, log } = this.#options;
    setLastSeen(userId, at).catch((error: unknown) => log.warn({ err: error, userId }, 'could not record last seen'));
    clearTimeout(this.#leaving.get(userId));
    const timer = setTimeout(() => {
      this.#leaving.delete(userId);
      if (!isOnline(userId)) this.#tell({ userId, online: false, lastSeen: at });
    }, offlineGraceMs);
    timer.unref();
    this.#leaving.set(userId, timer);
  }

  async flush(): Promise<void> {
    for (const timer of this.#leaving.values()) clearTimeout(timer);
    this.#leaving.clear();
  }

  #tell(change: PresenceChange): void {
    const { contactsOf, sendToInboxes, log } = this.#options;
    contactsOf(change.userId).then(
      (contacts) => {
        if (contacts.length > 0) sendToInboxes(new Set(contacts), encodePresence(change));
      },
      (error: unknown) => log.warn({ err: error, userId: change.userId }, 'could not tell contacts about presence'),
    );
  }
}
