// The relay's own writes to a document it may not have loaded (a member's inbox, a conversation's
// head): load it, write as the relay, commit only when something changed, release it. Writes to
// the same document run one at a time, so each builds on the one before.
import type * as Y from 'yjs';
import type { RelayCommit } from '../sync/commit-pipeline.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';

export class RelayDocWriter {
  readonly #writing = new Map<string, Promise<void>>();

  constructor(
    private readonly rooms: RoomRegistry,
    private readonly commit: RelayCommit,
  ) {}

  /** Applies `change` (true: it wrote something) to document `name`, after the previous write to it. */
  write(name: string, change: (doc: Y.Doc) => boolean): Promise<void> {
    const previous = this.#writing.get(name) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const room = await this.rooms.acquire(name);
        try {
          let changed = false;
          const update = room.writeAsRelay((doc) => {
            changed = change(doc);
          });
          if (changed) await this.commit(room, update);
        } finally {
          this.rooms.releaseIfIdle(room);
        }
      });
    // The chain only orders writes; each caller handles its own write's failure.
    const settled: Promise<void> = next
      .catch(() => undefined)
      .finally(() => {
        if (this.#writing.get(name) === settled) this.#writing.delete(name);
      });
    this.#writing.set(name, settled);
    return next;
  }

  /** Resolves once every write started so far has settled. */
  async idle(): Promise<void> {
    await Promise.all(this.#writing.values());
  }
}
