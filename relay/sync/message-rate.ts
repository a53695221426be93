// Per-user message rate: a token bucket refilled continuously. One update may take the bucket
// below zero (a device back from offline sends its backlog in one sync step), after which the
// user waits until it refills; so a backlog is never refused forever, and a flood is still slowed.
export class MessageRate {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly perWindow: number,
    readonly windowMs: number,
    readonly now: () => number = Date.now,
  ) {}

  /** Takes `count` messages for `userId`; returns 0 when allowed, else the ms to wait before retrying. */
  take(userId: string, count: number): number {
    const now = this.now();
    const bucket = this.#buckets.get(userId) ?? { tokens: this.perWindow, at: now };
    bucket.tokens = Math.min(this.perWindow, bucket.tokens + ((now - bucket.at) * this.perWindow) / this.windowMs);
    bucket.at = now;
    this.#buckets.set(userId, bucket);
    if (bucket.tokens <= 0) return Math.ceil(((1 - bucket.tokens) * this.windowMs) / this.perWindow);
    bucket.tokens -= count;
    if (bucket.tokens >= this.perWindow) this.#buckets.delete(userId);
    return 0;
  }

  /** Forgets users whose bucket is full again, so the map holds only recent senders. */
  sweep(): void {
    const now = this.now();
    for (const [userId, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) * this.perWindow) / this.windowMs >= this.perWindow) this.#buckets.delete(userId);
    }
  }
}
