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
    bucket.tokens = this.#refilled(bucket, now);
    bucket.at = now;
    this.#buckets.set(userId, bucket);
    if (bucket.tokens <= 0) return this.#waitMs(bucket.tokens);
    bucket.tokens -= count;
    if (bucket.tokens >= this.perWindow) this.#buckets.delete(userId);
    return 0;
  }

  /** The ms `userId` has to wait before anything is allowed again (0: now), taking nothing. */
  waitFor(userId: string): number {
    const bucket = this.#buckets.get(userId);
    if (!bucket) return 0;
    const tokens = this.#refilled(bucket, this.now());
    return tokens <= 0 ? this.#waitMs(tokens) : 0;
  }

  #refilled(bucket: { tokens: number; at: number }, now: number): number {
    return Math.min(this.perWindow, bucket.tokens + ((now - bucket.at) * this.perWindow) / this.windowMs);
  }

  #waitMs(tokens: number): number {
    return Math.ceil(((1 - tokens) * this.windowMs) / this.perWindow);
  }

  /** Forgets users whose bucket is full again, so the map holds only recent senders. */
  sweep(): void {
    const now = this.now();
    for (const [userId, bucket] of this.#buckets) {
      if (this.#refilled(bucket, now) >= this.perWindow) this.#buckets.delete(userId);
    }
  }
}
