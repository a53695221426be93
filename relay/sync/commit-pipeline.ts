// An accepted update's way from the group commit to everyone. Durability rule: an update is
// applied to the room's doc, broadcast and acknowledged only after its COMMIT; then the hooks
// hear of it. A failed commit closes its senders, who resend on reconnect.
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { UpdateStore } from '../../persistence/update-store.ts';
import { CloseCode } from '../../protocol/close-codes.ts';
import { encodeSyncUpdate } from '../../protocol/sync-messages.ts';
import { CommitQueue, type CommitResult, type PendingUpdate } from './commit-queue.ts';
import type { HookList } from './hooks.ts';
import { bindingUpdate } from './relay-writes.ts';
import type { Room, RoomMember } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';

/** What the pipeline needs of a client connection that submitted an update. */
export interface Sender extends RoomMember {
  readonly id: string;
  readonly wantsAcks: boolean;
  /** Update-carrying frames received so far: the count acknowledged once this one is stored. */
  readonly framesReceived: number;
  acknowledge(framesStored: number): void;
  close(code: number, reason: string): void;
}

/** Commits an update the relay wrote itself; resolves once it is applied to the room. */
export type RelayCommit = (room: Room, update: Uint8Array) => Promise<void>;

/** An update a connection's user may make, as the authorizer found it. */
export interface Accepted {
  /** null: nothing new, but the frame still takes its place for the `stored` ack. */
  data: Uint8Array | null;
  userId: string | undefined;
  /** clientIDs the update uses first in this document, to be bound to `userId`. */
  newClients: readonly number[];
  /** Ids of the messages it creates, and of those whose text or tombstone it writes. */
  created: readonly string[];
  changed: readonly string[];
}

interface Owner {
  /** null for updates the relay writes itself. */
  sender: Sender | null;
  room: Room;
  /** framesReceived of the sender when this update was submitted. */
  frame: number;
  /** clientIDs this update binds to the sender's user. */
  bound: readonly number[];
  created: readonly string[];
  changed: readonly string[];
  /** For the relay's own updates: called once committed and applied, or failed. */
  done?: (error?: unknown) => void;
}

export interface CommitPipelineOptions {
  store: UpdateStore;
  rooms: RoomRegistry;
  hooks: HookList;
  log: Logger;
  windowMs: number;
}

export class CommitPipeline {
  readonly #queue: CommitQueue<Owner>;
  readonly #rooms: RoomRegistry;
  readonly #hooks: HookList;
  readonly #log: Logger;

  constructor({ store, rooms, hooks, log, windowMs }: CommitPipelineOptions) {
    this.#rooms = rooms;
    this.#hooks = hooks;
    this.#log = log;
    this.#queue = new CommitQueue<Owner>({
      store,
      onCommitted: (result) => this.#onCommitted(result),
      onFailed: (entries, error) => this.#onFailed(entries, error),
      windowMs,
    });
  }

  /** Updates waiting for or in a commit. */
  get size(): number {
    return this.#queue.size;
  }

  drain(): Promise<void> {
    return this.#queue.drain();
  }

  /** Hands a connection's update to the group commit; called in frame order. */
  submit(sender: Sender, room: Room, { data, userId, newClients, created, changed }: Accepted): void {
    room.beginCommit();
    let stored = data;
    if (newClients.length > 0 && userId !== undefined) {
      // The binding travels in the same row as the update that needs it: both or neither.
      const binding = bindingUpdate(room.doc, newClients, userId);
      for (const client of newClients) room.bindings().set(client, userId);
      stored = stored ? Y.mergeUpdates([binding, stored]) : binding;
    }
    const owner: Owner = { sender, room, frame: sender.framesReceived, bound: newClients, created, changed };
    this.#queue.enqueue({ doc: room.name, lane: `${room.name} ${userId ?? sender.id}`, data: stored, owner });
  }

  readonly commitAsRelay: RelayCommit = (room, update) =>
    new Promise((resolve, reject) => {
      room.beginCommit();
      const done = (error?: unknown): void => (error === undefined ? resolve() : reject(error));
      this.#queue.enqueue({
        doc: room.name,
        lane: room.name,
        data: update,
        owner: { sender: null, room, frame: 0, bound: [], created: [], changed: [], done },
      });
    });

  #onCommitted({ entries, heads }: CommitResult<Owner>): void {
    const byRoom = new Map<Room, PendingUpdate<Owner>[]>();
    for (const entry of entries) {
      const list = byRoom.get(entry.owner.room);
      if (list) list.push(entry);
      else byRoom.set(entry.owner.room, [entry]);
    }
    for (const [room, roomEntries] of byRoom) {
      try {
        this.#publish(room, roomEntries, heads.get(room.name));
      } catch (error) {
        this.#log.error({ err: error, doc: room.name }, 'publishing committed updates failed');
      }
    }
  }

  /** Applies a room's committed updates, sends them to its members once merged, and acks senders. */
  #publish(room: Room, entries: PendingUpdate<Owner>[], headSeq: number | undefined): void {
    const updates: Uint8Array[] = [];
    let bytes = 0;
    for (const entry of entries) {
      if (entry.data === null) continue;
      updates.push(entry.data);
      bytes += entry.data.byteLength;
    }
    room.recordCommitted(headSeq, updates.length, bytes);
    if (updates.length > 0) {
      // Applied one by one so that an update Yjs refuses cannot take its batch-mates down with it.
      Y.transact(
        room.doc,
        () => {
          for (const update of updates) {
            try {
              Y.applyUpdate(room.doc, update, this);
              room.mirrorCommitted(update);
            } catch (error) {
              this.#log.error({ err: error, doc: room.name }, 'committed update could not be applied');
            }
          }
        },
        this,
      );
      const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
      // The sender gets its own update back only when it carries something new to it: a binding.
      const first = entries[0]!.owner.sender ?? undefined;
      const singleSender = entries.every(({ owner }) => owner.sender === first && owner.bound.length === 0) ? first : undefined;
      room.broadcast(encodeSyncUpdate(merged), singleSender);
    }
    for (const { owner } of entries) {
      if (owner.sender?.wantsAcks) owner.sender.acknowledge(owner.frame);
      owner.done?.();
    }
    if (updates.length > 0) {
      const created = entries.flatMap(({ owner }) => owner.created);
      const changed = entries.flatMap(({ owner }) => owner.changed);
      this.#hooks.afterCommit(room, { updates, bytes, created, changed, fromClients: entries.some(({ owner }) => owner.sender !== null) });
    }
    room.commitsEnded(entries.length);
    this.#rooms.releaseIfIdle(room);
  }

  #onFailed(entries: PendingUpdate<Owner>[], error: unknown): void {
    this.#log.error({ err: error, updates: entries.length }, 'commit failed; closing the senders so they resend');
    for (const { owner } of entries) {
      const { room, sender, bound, done } = owner;
      // Not stored: the clientIDs are free again, so the resent update binds them once more.
      for (const client of bound) room.bindings().delete(client);
      sender?.close(CloseCode.storageFailed, 'Update could not be stored; reconnect to resend');
      if (!sender) room.dropRelayWriter();
      done?.(error);
      room.commitsEnded(1);
    }
    for (const { owner } of entries) this.#rooms.releaseIfIdle(owner.room);
  }
}
