// Reconnect delays: exponential backoff with full jitter, so clients cut off together (a relay
// restart) spread their reconnects over the whole window instead of arriving in waves.

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** Uniform in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

export interface Backoff {
  /** The delay before the next attempt: random() * min(cap, base * 2^attempt). */
  next(): number;
  /** Called after a connection did useful work (synced), so the next failure retries quickly. */
  reset(): void;
  readonly attempts: number;
}

export function createBackoff({ baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS, random = Math.random }: BackoffOptions = {}): Backoff {
  let attempt = 0;
  return {
    next() {
      // 2 ** attempt becomes Infinity after ~1000 attempts; Math.min still yields the cap.
      const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
      attempt++;
      return random() * ceiling;
    },
    reset() {
      attempt = 0;
    },
    get attempts() {
      return attempt;
    },
  };
}
