// Group commit: updates from every connection and document that arrive while the previous
// commit is running (or within the same event-loop turn) are stored in ONE transaction. So the
// number of database round trips and fsyncs follows the commit latency, not the message rate.
// With a commit window, transactions start at most once per window: fewer, larger commits and
// more updates per room merged into one broadcast frame, for a few milliseconds of latency.
import type { AppendEntry, UpdateStore } from '../../persistence/update-store.ts';

export interface PendingUpdate<Owner> {
  doc: string;
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
  /** Upper bound on one transaction's size; the rest waits for the next one. */
  maxBatchBytes?: number;
  /** Minimum time between the starts of two commits (0: as soon as the previous one ends). */
  windowMs?: number;
}

export class CommitQueue<Owner> {
  #pending: PendingUpdate<Owner>[] = [];
  #running: Promise<void> | null = null;
  #cancelScheduled: (() => void) | null = null;
  #lastStart = -Infinity;
  readonly #options: CommitQueueOptions<Owner>;
  readonly #maxBatchBytes: number;
  readonly #windowMs: number;

  constructor(options: CommitQueueOptions<Owner>) {
    this.#options = options;
    this.#maxBatchBytes = options.maxBatchBytes ?? 8 * 1024 * 1024;
    this.#windowMs = options.windowMs ?? 0;
  }

  get size(): number {
    return this.#pending.length;
  }

  enqueue(entry: PendingUpdate<Owner>): void {
    this.#pending.push(entry);
    this.#schedule();
  }

  /** Resolves when everything enqueued so far has been committed or has failed; skips the window. */
  async drain(): Promise<void> {
    while (this.#running !== null || this.#pending.length > 0) {
      if (this.#running === null) {
        this.#cancelScheduled?.();
        this.#cancelScheduled = null;
        this.#startNext();
      }
      await this.#running;
    }
  }

  #schedule(): void {
    if (this.#running !== null || this.#cancelScheduled !== null || this.#pending.length === 0) return;
    const fire = () => {
      this.#cancelScheduled = null;
      this.#startNext();
    };
    const wait = this.#lastStart + this.#windowMs - performance.now();
    if (wait > 0) {
      const timer = setTimeout(fire, wait);
      this.#cancelScheduled = () => clearTimeout(timer);
    } else {
      // setImmediate lets every frame already read from the sockets join this batch.
      const immediate = setImmediate(fire);
      this.#cancelScheduled = () => clearImmediate(immediate);
    }
  }

  #startNext(): void {
    if (this.#running !== null || this.#pending.length === 0) return;
    this.#lastStart = performance.now();
    const batch = this.#takeBatch();
    this.#running = this.#commit(batch).finally(() => {
      this.#running = null;
      this.#schedule();
    });
  }

  #takeBatch(): PendingUpdate<Owner>[] {
    let bytes = 0;
    let count = 0;
    for (const entry of this.#pending) {
      bytes += entry.data?.byteLength ?? 0;
      if (count > 0 && bytes > this.#maxBatchBytes) break;
      count++;
    }
    return this.#pending.splice(0, count);
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
