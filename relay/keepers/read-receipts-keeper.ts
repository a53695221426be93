// Copies each member's read marker from their inbox into the conversation's head (model/
// read-positions.ts), so the others see how far they read without both having it open. Moved
// markers are gathered per conversation and written at most once per flush interval.
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { headDocName } from '../../model/doc-names.ts';
import { readMarkers } from '../../model/inbox.ts';
import { advanceReadPositions } from '../../model/read-positions.ts';
import { compareStrings } from '../../model/schema.ts';
import type { RelayCommit } from '../sync/commit-pipeline.ts';
import type { Committed, SyncHook } from '../sync/hooks.ts';
import type { Room } from '../sync/room.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import { GatheredWrites } from './gathered-writes.ts';
import { RelayDocWriter } from './relay-doc-writer.ts';

export interface ReadReceiptsKeeperOptions {
  rooms: RoomRegistry;
  commit: RelayCommit;
  log: Logger;
  flushMs: number;
}

export class ReadReceiptsKeeper implements SyncHook {
  readonly name = 'read-receipts';
  readonly #writer: RelayDocWriter;
  /** The markers an inbox held after its last commit, to tell which moved. */
  readonly #seen = new WeakMap<Room, ReadonlyMap<string, string>>();
  /** conversationId → userId → the furthest marker not written to the head yet. */
  readonly #gathered: GatheredWrites<Map<string, string>>;

  constructor(options: ReadReceiptsKeeperOptions) {
    this.#writer = new RelayDocWriter(options.rooms, options.commit);
    this.#gathered = new GatheredWrites({
      intervalMs: options.flushMs,
      empty: () => new Map(),
      write: (conversationId, reached) => this.#write(conversationId, reached),
      log: options.log,
      failure: 'storing read positions failed',
    });
  }

  /** Before the inbox's owner can write to it: what its markers say now. */
  beforeJoin(room: Room): Promise<void> {
    if (room.docName?.kind === 'inbox' && !this.#seen.has(room)) this.#seen.set(room, readMarkers(room.doc));
    return Promise.resolve();
  }

  afterCommit(room: Room, { fromClients }: Committed): void {
    const name = room.docName;
    if (!fromClients || name?.kind !== 'inbox') return;
    const before = this.#seen.get(room) ?? new Map<string, string>();
    const after = readMarkers(room.doc);
    this.#seen.set(room, after);
    for (const [conversationId, marker] of after) {
      const previous = before.get(conversationId);
      if (previous === undefined || compareStrings(marker, previous) > 0) this.#gather(conversationId, name.userId, marker);
    }
  }

  async flush(): Promise<void> {
    await this.#gathered.flushAll();
    await this.#writer.idle();
  }

  #gather(conversationId: string, userId: string, marker: string): void {
    const reached = this.#gathered.gather(conversationId);
    const gathered = reached.get(userId);
    if (gathered === undefined || compareStrings(marker, gathered) > 0) reached.set(userId, marker);
  }

  #write(conversationId: string, reached: ReadonlyMap<string, string>): Promise<void> {
    const at = Date.now();
    return this.#writer.write(headDocName(conversationId), (doc: Y.Doc) => advanceReadPositions(doc, reached, at));
  }
}
