// Copies each member's read marker from their inbox into the conversation's head (model/
// read-positions.ts), so the others see how far they read without both having it open. Moved
// markers are gathered per conversation and written at most once per flush interval.
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { headDocName } from '../../model/doc-names.ts';
import { listConversations } from '../../model/inbox.ts';
import { advanceReadPositions } from '../../model/read-positions.ts';
import { compareStrings } from '../../model/schema.ts';
import type { RelayCommit } from '../sync/commit-pipeline.ts';
import type { Committed, SyncHook } from '../sync/hooks.ts';
import type { Room } from '../sync/room.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import { RelayDocWriter } from './relay-doc-writer.ts';

export interface ReadReceiptsKeeperOptions {
  rooms: RoomRegistry;
  commit: RelayCommit;
  log: Logger;
  flushMs: number;
}

/** conversationId → the read marker of each entry of one inbox. */
type Markers = Map<string, string>;

export class ReadReceiptsKeeper implements SyncHook {
  readonly name = 'read-receipts';
  readonly #options: ReadReceiptsKeeperOptions;
  readonly #writer: RelayDocWriter;
  /** The markers an inbox held after its last commit, to tell which moved. */
  readonly #seen = new WeakMap<Room, Markers>();
  /** conversationId → userId → the furthest marker not written to the head yet. */
  readonly #pending = new Map<string, Map<string, string>>();
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(options: ReadReceiptsKeeperOptions) {
    this.#options = options;
    this.#writer = new RelayDocWriter(options.rooms, options.commit);
  }

  /** Before the inbox's owner can write to it: what its markers say now. */
  beforeJoin(room: Room): Promise<void> {
    if (room.docName?.kind === 'inbox' && !this.#seen.has(room)) this.#seen.set(room, markersOf(room.doc));
    return Promise.resolve();
  }

  afterCommit(room: Room, { fromClients }: Committed): void {
    const name = room.docName;
    if (!fromClients || name?.kind !== 'inbox') return;
    const before = this.#seen.get(room) ?? new Map<string, string>();
    const after = markersOf(room.doc);
    this.#seen.set(room, after);
    for (const [conversationId, marker] of after) {
      const previous = before.get(conversationId);
      if (previous === undefined || compareStrings(marker, previous) > 0) this.#gather(conversationId, name.userId, marker);
    }
  }

  flush(): Promise<void> {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    const conversations = [...this.#timers.keys()];
    this.#timers.clear();
    return Promise.all(conversations.map((conversationId) => this.#flush(conversationId))).then(() => this.#writer.idle());
  }

  #gather(conversationId: string, userId: string, marker: string): void {
    let reached = this.#pending.get(conversationId);
    if (!reached) this.#pending.set(conversationId, (reached = new Map()));
    const gathered = reached.get(userId);
    if (gathered === undefined || compareStrings(marker, gathered) > 0) reached.set(userId, marker);
    if (this.#timers.has(conversationId)) return;
    this.#timers.set(
      conversationId,
      setTimeout(() => {
        this.#timers.delete(conversationId);
        void this.#flush(conversationId);
      }, this.#options.flushMs).unref(),
    );
  }

  #flush(conversationId: string): Promise<void> {
    const reached = this.#pending.get(conversationId);
    this.#pending.delete(conversationId);
    if (!reached) return Promise.resolve();
    const at = Date.now();
    return this.#writer
      .write(headDocName(conversationId), (doc: Y.Doc) => advanceReadPositions(doc, reached, at))
      .catch((error: unknown) => this.#options.log.error({ err: error, conversationId }, 'storing read positions failed'));
  }
}

function markersOf(inbox: Y.Doc): Markers {
  const markers: Markers = new Map();
  for (const entry of listConversations(inbox)) if (entry.readMarker !== null) markers.set(entry.id, entry.readMarker);
  return markers;
}
