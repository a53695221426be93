// Keeps each conversation's head document: lists segment 0 before anyone reads the head, and
// lists the next segment once the latest one is full (model/segments.ts has the rules). Only the
// relay writes heads; its writes go through the group commit like any update.
import type * as Y from 'yjs';
import type { Logger } from 'pino';
import { headDocName, type DocName } from '../../model/doc-names.ts';
import { messagesMap } from '../../model/schema.ts';
import { appendSegment, latestSegment, nextSegmentStart, readSegments, segmentStats, shouldRollOver } from '../../model/segments.ts';
import type { Denial } from '../../protocol/denials.ts';
import type { SyncHook } from '../sync/hooks.ts';
import type { RelayCommit } from '../sync/commit-pipeline.ts';
import type { Room } from '../sync/room.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';

export interface SegmentKeeperOptions {
  rooms: RoomRegistry;
  commit: RelayCommit;
  log: Logger;
}

export class SegmentKeeper implements SyncHook {
  readonly name = 'segments';
  readonly #options: SegmentKeeperOptions;
  readonly #ensuring = new Map<Room, Promise<void>>();
  /** Segment rooms whose successor is being listed or already is. */
  readonly #rolled = new WeakSet<Room>();

  constructor(options: SegmentKeeperOptions) {
    this.#options = options;
  }

  /** Only listed segments are opened: an unlisted one would store messages no reader ever looks for. */
  async checkOpen(doc: DocName): Promise<Denial | undefined> {
    if (doc.kind !== 'segment' || (await this.isListed(doc.conversationId, doc.index))) return undefined;
    return { code: 'not_found', message: `This conversation has no segment ${doc.index}; its head lists the ones it has` };
  }

  /** A head is read only once it lists segment 0. */
  beforeJoin(room: Room): Promise<void> {
    return this.ensureHead(room);
  }

  /** Makes sure a head document lists at least segment 0; single-flight per room. */
  ensureHead(room: Room): Promise<void> {
    const name = room.docName;
    if (name?.kind !== 'head' || readSegments(room.doc).length > 0) return Promise.resolve();
    let ensuring = this.#ensuring.get(room);
    if (!ensuring) {
      const update = room.writeAsRelay((writer) => appendSegment(writer, name.conversationId, ''));
      ensuring = this.#options.commit(room, update).finally(() => this.#ensuring.delete(room));
      this.#ensuring.set(room, ensuring);
    }
    return ensuring;
  }

  /** Whether the head of `conversationId` lists segment `index`. Segment 0 always is. */
  async isListed(conversationId: string, index: number): Promise<boolean> {
    if (index === 0) return true;
    const { rooms } = this.#options;
    const head = await rooms.acquire(headDocName(conversationId));
    try {
      await this.ensureHead(head);
      return readSegments(head.doc).some((segment) => segment.index === index);
    } finally {
      rooms.releaseIfIdle(head);
    }
  }

  /** Lists the next segment when this one is full. */
  afterCommit(room: Room): void {
    const name = room.docName;
    if (name?.kind !== 'segment' || this.#rolled.has(room)) return;
    // A message key is never removed (deletes tombstone), so the map's key count is the message count.
    const messages = (messagesMap(room.doc) as unknown as { _map: Map<string, unknown> })._map.size;
    if (!shouldRollOver(messages, room.storedBytes)) return;
    this.#rolled.add(room);
    this.#rollOver(room, name.conversationId, name.index).catch((error: unknown) => {
      this.#rolled.delete(room);
      this.#options.log.error({ err: error, doc: room.name }, 'listing the next segment failed; retrying on the next update');
    });
  }

  async #rollOver(segment: Room, conversationId: string, index: number): Promise<void> {
    const { rooms } = this.#options;
    const head = await rooms.acquire(headDocName(conversationId));
    try {
      await this.ensureHead(head);
      const latest = latestSegment(readSegments(head.doc));
      // Only the newest listed segment rolls over: one the head does not list (a member may open
      // any segment name) never drives the head.
      if (!latest || latest.index !== index) return;
      const { maxHlc } = segmentStats(segment.doc);
      if (maxHlc === '') return;
      const start = nextSegmentStart(maxHlc);
      const update = head.writeAsRelay((writer: Y.Doc) => appendSegment(writer, conversationId, start));
      await this.#options.commit(head, update);
      this.#options.log.info({ doc: head.name, segment: index + 1, firstHlc: start }, 'segment listed');
    } finally {
      rooms.releaseIfIdle(head);
    }
  }
}
