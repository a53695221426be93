// What a keeper gathers per conversation between writes: a busy conversation costs one write per
// interval, not one per commit. The first gathering for a key schedules its write; a shutdown
// writes everything gathered at once.
import type { Logger } from 'pino';

export interface GatheredWritesOptions<T> {
  intervalMs: number;
  /** What a key gathers into before anything was gathered. */
  empty: () => T;
  /** Writes what was gathered for `key`; it is no longer pending when called. */
  write: (key: string, gathered: T) => Promise<void>;
  log: Logger;
  /** What a failed write failed to do, for the log. */
  failure: string;
}

export class GatheredWrites<T> {
  readonly #pending = new Map<string, T>();
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: GatheredWritesOptions<T>) {}

  /** What is gathered for `key`'s next write, which this schedules; add to it. */
  gather(key: string): T {
    let gathered = this.#pending.get(key);
    if (gathered === undefined) {
      gathered = this.options.empty();
      this.#pending.set(key, gathered);
    }
    if (!this.#timers.has(key)) {
      this.#timers.set(
        key,
        setTimeout(() => {
          this.#timers.delete(key);
          void this.#write(key);
        }, this.options.intervalMs),
      );
    }
    return gathered;
  }

  /** Writes what has been gathered now (shutdown). */
  async flushAll(): Promise<void> {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    const keys = [...this.#timers.keys()];
    this.#timers.clear();
    await Promise.all(keys.map((key) => this.#write(key)));
  }

  /** Never rejects: a failed write is logged with its conversation. */
  #write(key: string): Promise<void> {
    const gathered = this.#pending.get(key);
    this.#pending.delete(key);
    if (gathered === undefined) return Promise.resolve();
    return this.options
      .write(key, gathered)
      .catch((error: unknown) => this.options.log.error({ err: error, conversationId: key }, this.options.failure));
  }
}
