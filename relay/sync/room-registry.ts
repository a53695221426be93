// Loads documents on first use (one load per document however many clients race for it),
// and evicts them a grace period after their last client left, compacting the log first.
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { UpdateStore } from '../../persistence/update-store.ts';
import { Room, type RoomMember } from './room.ts';

export interface RoomRegistryOptions {
  store: UpdateStore;
  log: Logger;
  evictGraceMs: number;
  maxLoadedDocs: number;
  compactAfterUpdates: number;
  compactAfterBytes: number;
  compactMinIntervalMs: number;
}

export class TooManyDocsError extends Error {
  readonly code = 'too_many_docs';
}

export class RoomRegistry<Member extends RoomMember> {
  readonly #rooms = new Map<string, Room<Member>>();
  readonly #loading = new Map<string, Promise<Room<Member>>>();
  readonly #compacting = new Set<string>();
  readonly #options: RoomRegistryOptions;

  constructor(options: RoomRegistryOptions) {
    this.#options = options;
  }

  get loadedCount(): number {
    return this.#rooms.size;
  }

  /** The loaded room, if any, without loading it. */
  peek(name: string): Room<Member> | undefined {
    return this.#rooms.get(name);
  }

  /** Returns the room with its state fully loaded; never answers before the load finished. */
  acquire(name: string): Promise<Room<Member>> {
    const room = this.#rooms.get(name);
    if (room) {
      this.#cancelEviction(room);
      return Promise.resolve(room);
    }
    const inFlight = this.#loading.get(name);
    if (inFlight) return inFlight;
    if (this.#rooms.size + this.#loading.size >= this.#options.maxLoadedDocs) {
      return Promise.reject(new TooManyDocsError('Too many documents are open; try again later'));
    }
    const loading = this.#load(name).finally(() => this.#loading.delete(name));
    this.#loading.set(name, loading);
    return loading;
  }

  /** Called whenever a room may have become idle (no members, nothing left to commit). */
  releaseIfIdle(room: Room<Member>): void {
    if (room.members.size > 0 || room.pendingCommits > 0 || room.evictTimer) return;
    room.evictTimer = setTimeout(() => {
      room.evictTimer = null;
      if (room.members.size === 0 && room.pendingCommits === 0) this.#evict(room);
    }, this.#options.evictGraceMs);
  }

  /** Compacts when the log since the last snapshot has grown past the configured bounds. */
  compactIfDue(room: Room<Member>): void {
    const grown =
      room.updatesSinceSnapshot >= this.#options.compactAfterUpdates || room.bytesSinceSnapshot >= this.#options.compactAfterBytes;
    if (grown && performance.now() - room.lastCompactionAt >= this.#options.compactMinIntervalMs) {
      room.lastCompactionAt = performance.now();
      void this.#compact(room);
    }
  }

  /** Evicts every idle room now (shutdown); rooms with members are left alone. */
  async evictIdle(): Promise<void> {
    const idle = [...this.#rooms.values()].filter((room) => room.members.size === 0 && room.pendingCommits === 0);
    await Promise.all(idle.map((room) => this.#evict(room)));
  }

  async #load(name: string): Promise<Room<Member>> {
    const started = performance.now();
    const loaded = await this.#options.store.load(name);
    const room = new Room<Member>(name);
    room.headSeq = loaded.headSeq;
    room.updatesSinceSnapshot = loaded.updatesSinceSnapshot;
    room.bytesSinceSnapshot = loaded.bytesSinceSnapshot;
    room.approximateBytes = loaded.updates.reduce((sum, update) => sum + update.byteLength, 0);
    let failed = 0;
    Y.transact(room.doc, () => {
      for (const update of loaded.updates) {
        try {
          Y.applyUpdate(room.doc, update);
        } catch (error) {
          // One corrupt row must not make the whole document unreadable; it stays in the log.
          failed++;
          this.#options.log.error({ err: error, doc: name }, 'stored update could not be applied');
        }
      }
    });
    this.#rooms.set(name, room);
    this.#options.log.info(
      { doc: name, updates: loaded.updates.length, headSeq: loaded.headSeq, failed, ms: Math.round(performance.now() - started) },
      'doc loaded',
    );
    return room;
  }

  #cancelEviction(room: Room<Member>): void {
    if (room.evictTimer) {
      clearTimeout(room.evictTimer);
      room.evictTimer = null;
    }
  }

  async #evict(room: Room<Member>): Promise<void> {
    if (this.#rooms.get(room.name) !== room) return;
    this.#rooms.delete(room.name);
    const due = room.updatesSinceSnapshot > 0;
    const snapshot = due ? Y.encodeStateAsUpdate(room.doc) : null;
    const headSeq = room.headSeq;
    room.destroy();
    this.#options.log.info({ doc: room.name }, 'doc evicted');
    if (snapshot) await this.#writeSnapshot(room.name, snapshot, headSeq);
  }

  async #compact(room: Room<Member>): Promise<void> {
    if (this.#compacting.has(room.name)) return;
    // The doc holds exactly the committed updates up to headSeq: updates are applied only after COMMIT.
    const snapshot = Y.encodeStateAsUpdate(room.doc);
    const headSeq = room.headSeq;
    const folded = room.updatesSinceSnapshot;
    const foldedBytes = room.bytesSinceSnapshot;
    this.#compacting.add(room.name);
    try {
      if (await this.#writeSnapshot(room.name, snapshot, headSeq)) {
        room.updatesSinceSnapshot -= folded;
        room.bytesSinceSnapshot -= foldedBytes;
      }
    } finally {
      this.#compacting.delete(room.name);
    }
  }

  async #writeSnapshot(name: string, snapshot: Uint8Array, headSeq: number): Promise<boolean> {
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
