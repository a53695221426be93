// Folds a document's update log into one snapshot row: after a commit once the log since the last
// snapshot has grown past the configured bounds (at most once per interval), and when the room
// leaves memory. The room's doc holds exactly the committed log up to its headSeq (updates are
// applied only after COMMIT), so a snapshot of it replaces those rows.
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { UpdateStore } from '../../persistence/update-store.ts';
import type { SyncHook } from '../sync/hooks.ts';
import type { Room } from '../sync/room.ts';

export interface CompactorOptions {
  store: UpdateStore;
  log: Logger;
  afterUpdates: number;
  afterBytes: number;
  minIntervalMs: number;
}

export class Compactor implements SyncHook {
  readonly name = 'compactor';
  readonly #options: CompactorOptions;
  readonly #compacting = new Set<string>();
  readonly #lastCompactionAt = new WeakMap<Room, number>();

  constructor(options: CompactorOptions) {
    this.#options = options;
  }

  afterCommit(room: Room): void {
    const { updates, bytes } = room.sinceSnapshot;
    const { afterUpdates, afterBytes, minIntervalMs } = this.#options;
    if (updates < afterUpdates && bytes < afterBytes) return;
    if (performance.now() - (this.#lastCompactionAt.get(room) ?? -Infinity) < minIntervalMs) return;
    this.#lastCompactionAt.set(room, performance.now());
    void this.#compact(room);
  }

  evicting(room: Room): Promise<void> | void {
    if (room.sinceSnapshot.updates === 0) return;
    return this.#write(room.name, Y.encodeStateAsUpdate(room.doc), room.headSeq).then(() => undefined);
  }

  async #compact(room: Room): Promise<void> {
    if (this.#compacting.has(room.name)) return;
    const snapshot = Y.encodeStateAsUpdate(room.doc);
    const folded = room.sinceSnapshot;
    this.#compacting.add(room.name);
    try {
      if (await this.#write(room.name, snapshot, room.headSeq)) room.recordSnapshot(folded);
    } finally {
      this.#compacting.delete(room.name);
    }
  }

  async #write(name: string, snapshot: Uint8Array, headSeq: number): Promise<boolean> {
    try {
      const done = await this.#options.store.compact(name, snapshot, headSeq);
      this.#options.log.info({ doc: name, headSeq, bytes: snapshot.byteLength, done }, 'doc compacted');
      return done;
    } catch (error) {
      // Nothing is lost: the update log is untouched when the transaction fails.
      this.#options.log.error({ err: error, doc: name }, 'compaction failed');
      return false;
    }
  }
}
