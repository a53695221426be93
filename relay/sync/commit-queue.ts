// Group commit: updates from every connection and document that arrive while the previous
// commit is running (or within the same event-loop turn) are stored in ONE transaction. So the
// number of database round trips and fsyncs follows the commit latency, not the message rate.
// With a commit window, transactions start at most once per window: fewer, larger commits and
// more updates per room merged into one broadcast frame, for a few milliseconds of latency.
// Fair: each entry belongs to a lane (a user in a document); a batch takes one entry from each
// lane in turn, resuming where the previous batch stopped, so one sender's backlog delays others
// by at most a commit or two instead of by its whole length.
import type { AppendEntry, UpdateStore } from '../../persistence/update-store.ts';

export interface PendingUpdate<Owner> {
  doc: string;
  /** Entries of one lane are committed in the order they came; lanes take turns. */
  lane: string;
  /** null for frames that carry nothing new: they take part in ordering but store no row. */
  data: Uint8Array | null;
  owner: Owner;
}

export interface CommitResult<Owner> {
  /** Entries of the batch, in arrival order. */
  entries: PendingUpdate<Owner>[];
  /** New head seq of each document that got rows. */
  heads: Map<string, number>;
}

export interface CommitQueueOptions<Owner> {
  store: UpdateStore;
  onCommitted: (result: CommitResult<Owner>) => void;
  onFailed: (entries: PendingUpdate<Owner>[], error: unknown) => void;
  /** Upper bound on one transaction's size (one entry always fits); the rest waits for the next one. */
  maxBatchBytes?: number;
  /** Minimum time between the starts of two commits (0: as soon as the previous one ends). */
  windowMs?: number;
}

export const DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;

export class CommitQueue<Owner> {
  /** Waiting entries per lane; a Map keeps insertion order, so re-inserting a lane sends it to the back. */
  readonly #lanes = new Map<string, PendingUpdate<Owner>[]>();
  #size = 0;
  #running: Promise<void> | null = null;
  #cancelScheduled: (() => void) | null = null;
  #lastStart = -Infinity;
  readonly #options: CommitQueueOptions<Owner>;
  readonly #maxBatchBytes: number;
  readonly #windowMs: number;

  constructor(options: CommitQueueOptions<Owner>) {
    this.#options = options;
    this.#maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.#windowMs = options.windowMs ?? 0;
  }

  get size(): number {
    return this.#size;
  }

  enqueue(entry: PendingUpdate<Owner>): void {
    const lane = this.#lanes.get(entry.lane);
    if (lane) lane.push(entry);
    else this.#lanes.set(entry.lane, [entry]);
    this.#size++;
    this.#schedule();
  }

  /** Resolves when everything enqueued so far has been committed or has failed; skips the window. */
  async drain(): Promise<void> {
    while (this.#running !== null || this.#size > 0) {
      if (this.#running === null) {
        this.#cancelScheduled?.();
        this.#cancelScheduled = null;
        this.#startNext();
      }
      await this.#running;
    }
  }

  #schedule(): void {
    if (this.#running !== null || this.#cancelScheduled !== null || this.#size === 0) return;
    const fire = () => {
      this.#cancelScheduled = null;
      this.#startNext();
    };
    const wait = this.#lastStart + this.#windowMs - performance.now();
    if (wait > 0) {
      // Node truncates a timer's delay to whole milliseconds: rounding up keeps it from firing before the window ends.
      const timer = setTimeout(fire, Math.ceil(wait));
      this.#cancelScheduled = () => clearTimeout(timer);
    } else {
      // setImmediate lets every frame already read from the sockets join this batch.
      const immediate = setImmediate(fire);
      this.#cancelScheduled = () => clearImmediate(immediate);
    }
  }

  #startNext(): void {
    if (this.#running !== null || this.#size === 0) return;
    this.#lastStart = performance.now();
    const batch = this.#takeBatch();
    this.#running = this.#commit(batch).finally(() => {
      this.#running = null;
      this.#schedule();
    });
  }

  #takeBatch(): PendingUpdate<Owner>[] {
    const batch: PendingUpdate<Owner>[] = [];
    let bytes = 0;
    for (const [name, lane] of this.#lanes) {
      const entry = lane[0]!;
      const size = entry.data?.byteLength ?? 0;
      if (batch.length > 0 && bytes + size > this.#maxBatchBytes) break;
      batch.push(entry);
      bytes += size;
      lane.shift();
      // Deleting and re-adding during iteration is well defined: the lane comes round again last.
      this.#lanes.delete(name);
      if (lane.length > 0) this.#lanes.set(name, lane);
    }
    this.#size -= batch.length;
    return batch;
  }

  async #commit(batch: PendingUpdate<Owner>[]): Promise<void> {
    const rows: AppendEntry[] = [];
    for (const entry of batch) if (entry.data !== null) rows.push({ doc: entry.doc, data: entry.data });
    let heads: Map<string, number>;
    try {
      heads = await this.#options.store.append(rows);
    } catch (error) {
      this.#options.onFailed(batch, error);
      return;
    }
    this.#options.onCommitted({ entries: batch, heads });
  }
}
