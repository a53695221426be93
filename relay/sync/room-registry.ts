// Loads documents on first use (one load per document however many clients race for it), and
// evicts them a grace period after their last client left; hooks get the room before it goes.
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { UpdateStore } from '../../persistence/update-store.ts';
import type { HookList } from './hooks.ts';
import { Room, type RoomMember } from './room.ts';

export interface RoomRegistryOptions {
  store: UpdateStore;
  log: Logger;
  hooks: HookList;
  evictGraceMs: number;
  maxLoadedDocs: number;
}

export class TooManyDocsError extends Error {
  readonly code = 'too_many_docs';
}

export class RoomRegistry<Member extends RoomMember = RoomMember> {
  readonly #rooms = new Map<string, Room<Member>>();
  readonly #loading = new Map<string, Promise<Room<Member>>>();
  readonly #evictTimers = new Map<Room<Member>, NodeJS.Timeout>();
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
    if (!room.idle || this.#evictTimers.has(room)) return;
    this.#evictTimers.set(
      room,
      setTimeout(() => {
        this.#evictTimers.delete(room);
        if (room.idle) void this.#evict(room);
      }, this.#options.evictGraceMs),
    );
  }

  /** Evicts every idle room now (shutdown); rooms with members are left alone. */
  async evictIdle(): Promise<void> {
    const idle = [...this.#rooms.values()].filter((room) => room.idle);
    await Promise.all(idle.map((room) => this.#evict(room)));
  }

  async #load(name: string): Promise<Room<Member>> {
    const started = performance.now();
    const loaded = await this.#options.store.load(name);
    const room = new Room<Member>(name, {
      headSeq: loaded.headSeq,
      bytes: loaded.updates.reduce((sum, update) => sum + update.byteLength, 0),
      updatesSinceSnapshot: loaded.updatesSinceSnapshot,
      bytesSinceSnapshot: loaded.bytesSinceSnapshot,
    });
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
    const timer = this.#evictTimers.get(room);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#evictTimers.delete(room);
  }

  async #evict(room: Room<Member>): Promise<void> {
    if (this.#rooms.get(room.name) !== room) return;
    this.#rooms.delete(room.name);
    this.#cancelEviction(room);
    const leaving = this.#options.hooks.evicting(room);
    room.destroy();
    this.#options.log.info({ doc: room.name }, 'doc evicted');
    await leaving;
  }
}
