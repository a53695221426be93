// Login backoff, in memory per relay process: after `maxFailures` failed logins for one account
// (or from one IP, with its own limit) further attempts must wait, 2 s after the first excess
// failure and twice as long after each further one, up to 15 minutes. A key's failures are
// forgotten an hour after its last failure.

const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 15 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;
// Bounds memory under a flood of distinct names; the least recently failed keys go first.
const MAX_KEYS = 100_000;

interface Failures {
  count: number;
  lastAt: number;
  blockedUntil: number;
}

export interface LoginThrottleOptions {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  now?: () => number;
}

export class LoginThrottle {
  readonly #keys = new Map<string, Failures>();
  readonly #options: LoginThrottleOptions;
  readonly #now: () => number;

  constructor(options: LoginThrottleOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Seconds the caller must wait before trying this account from this IP; 0 when it may try now. */
  retryAfterSeconds(username: string, ip: string): number {
    const now = this.#now();
    const until = Math.max(this.#get(accountKey(username), now)?.blockedUntil ?? 0, this.#get(ipKey(ip), now)?.blockedUntil ?? 0);
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  failed(username: string, ip: string): void {
    this.#fail(accountKey(username), this.#options.maxFailuresPerAccount);
    this.#fail(ipKey(ip), this.#options.maxFailuresPerIp);
  }

  /** A successful login clears the account's failures. The IP's stay: one account an attacker
   * controls must not reset the count of guesses at others. */
  succeeded(username: string): void {
    this.#keys.delete(accountKey(username));
  }

  #get(key: string, now: number): Failures | undefined {
    const entry = this.#keys.get(key);
    if (entry && entry.blockedUntil <= now && now - entry.lastAt > FORGET_AFTER_MS) {
      this.#keys.delete(key);
      return undefined;
    }
    return entry;
  }

  #fail(key: string, maxFailures: number): void {
    const now = this.#now();
    const entry = this.#get(key, now) ?? { count: 0, lastAt: now, blockedUntil: 0 };
    entry.count++;
    entry.lastAt = now;
    if (entry.count >= maxFailures) {
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(entry.count - maxFailures, 20));
      entry.blockedUntil = now + delay;
    }
    // Re-inserting keeps the map ordered by last failure, so eviction drops the stalest key.
    this.#keys.delete(key);
    this.#keys.set(key, entry);
    if (this.#keys.size > MAX_KEYS) {
      const oldest = this.#keys.keys().next().value;
      if (oldest !== undefined) this.#keys.delete(oldest);
    }
  }
}

const accountKey = (username: string): string => `a:${username.toLowerCase()}`;
const ipKey = (ip: string): string => `i:${ip}`;
