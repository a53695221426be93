// The sync core's extension points. Features that react to sync (compaction, segment rollover,
// inbox upkeep; next media cleanup, the Redis bus, search, push, metrics) register a SyncHook in
// create-relay.ts; the core calls the list, never a feature by name. A hook that throws is logged
// with its name and does not keep the others from running.
import type { Logger } from 'pino';
import type { DocName } from '../../model/doc-names.ts';
import type { Denial } from '../../protocol/denials.ts';
import type { ConversationChange } from '../conversations/conversation-events.ts';
import type { Room } from './room.ts';

/** What one commit added to a room, as applied to its document. */
export interface Committed {
  /** The committed updates, in commit order, each already applied to `room.doc`. */
  readonly updates: readonly Uint8Array[];
  readonly bytes: number;
  /** Ids of the messages these updates created (authorized as new). */
  readonly created: readonly string[];
  /** Ids of earlier messages whose text or tombstone they wrote (edits, deletes). */
  readonly changed: readonly string[];
  /** Whether any update came from a client, not only from the relay's own writes. */
  readonly fromClients: boolean;
}

export interface SyncHook {
  /** Names the hook in logs. */
  readonly name: string;
  /** Before a connection with access opens `doc`: a denial turns it away. */
  checkOpen?(doc: DocName): Promise<Denial | undefined>;
  /** Before a connection joins its loaded room; a rejection fails the open (the client retries). */
  beforeJoin?(room: Room): Promise<void>;
  /** After a commit was applied to the room, broadcast and acknowledged to its senders. */
  afterCommit?(room: Room, committed: Committed): void;
  /**
   * A room with no members and nothing pending is leaving memory. Called while the room is
   * intact; what runs after the returned promise's first await must not read the room.
   */
  evicting?(room: Room): Promise<void> | void;
  /** A membership, role or settings change committed in the database. */
  conversationChanged?(change: ConversationChange): void;
  /** A user's first connection to this relay was admitted. */
  userOnline?(userId: string): void;
  /** A user's last connection to this relay closed. */
  userOffline?(userId: string): void;
  /** Shutdown: write out what is gathered; the commit queue drains after. */
  flush?(): Promise<void>;
}

/** The registered hooks, called in registration order. */
export class HookList {
  readonly #hooks: SyncHook[] = [];
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  use(...hooks: SyncHook[]): void {
    this.#hooks.push(...hooks);
  }

  async checkOpen(doc: DocName): Promise<Denial | undefined> {
    for (const hook of this.#hooks) {
      const denial = await hook.checkOpen?.(doc);
      if (denial) return denial;
    }
    return undefined;
  }

  async beforeJoin(room: Room): Promise<void> {
    for (const hook of this.#hooks) await hook.beforeJoin?.(room);
  }

  afterCommit(room: Room, committed: Committed): void {
    this.#each('afterCommit', { doc: room.name }, (hook) => hook.afterCommit?.(room, committed));
  }

  async evicting(room: Room): Promise<void> {
    const pending: Promise<void>[] = [];
    this.#each('evicting', { doc: room.name }, (hook) => {
      const done = hook.evicting?.(room);
      if (done) pending.push(done.catch((error: unknown) => this.#failed(hook, 'evicting', { doc: room.name }, error)));
    });
    await Promise.all(pending);
  }

  conversationChanged(change: ConversationChange): void {
    this.#each('conversationChanged', { conversationId: change.conversationId }, (hook) => hook.conversationChanged?.(change));
  }

  userOnline(userId: string): void {
    this.#each('userOnline', { userId }, (hook) => hook.userOnline?.(userId));
  }

  userOffline(userId: string): void {
    this.#each('userOffline', { userId }, (hook) => hook.userOffline?.(userId));
  }

  async flush(): Promise<void> {
    await Promise.all(this.#hooks.map((hook) => hook.flush?.().catch((error: unknown) => this.#failed(hook, 'flush', {}, error))));
  }

  #each(event: string, context: Record<string, string>, call: (hook: SyncHook) => void): void {
    for (const hook of this.#hooks) {
      try {
        call(hook);
      } catch (error) {
        this.#failed(hook, event, context, error);
      }
    }
  }

  #failed(hook: SyncHook, event: string, context: Record<string, string>, error: unknown): void {
    this.#log.error({ err: error, hook: hook.name, event, ...context }, 'sync hook failed');
  }
}
