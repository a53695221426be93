// Keeps one valid access token for the whole browser. Refresh tokens rotate and presenting a
// replaced one revokes the whole family, so only one refresh may run at a time: in this tab (one
// shared promise) and across tabs (a lock, inside which the stored session is read again because
// another tab may have refreshed it already).
import type { Session as SessionTokens } from '#protocol/http/accounts.ts';

/** Refresh this long before the access token expires, so a request never races its expiry. */
export const REFRESH_MARGIN_MS = 60_000;

export interface TokenStore {
  read(): SessionTokens | null;
  write(session: SessionTokens | null): void;
}

/** Runs `task` while holding the browser-wide refresh lock. */
export type Lock = <T>(task: () => Promise<T>) => Promise<T>;

export interface RefresherOptions {
  store: TokenStore;
  lock: Lock;
  /** POST /api/auth/refresh. */
  refresh(refreshToken: string): Promise<SessionTokens>;
  /** Whether a refresh error means the session is over (revoked, reused, expired refresh token). */
  isFatal(error: unknown): boolean;
  now?: () => number;
}

export class SignedOutError extends Error {
  constructor() {
    super('You are signed out.');
    this.name = 'SignedOutError';
  }
}

export function expiresSoon(session: SessionTokens, nowMs: number): boolean {
  return session.accessExpiresAt.getTime() - nowMs < REFRESH_MARGIN_MS;
}

export interface Refresher {
  /**
   * A usable access token. `rejected` is a token the relay refused: a token that differs from it
   * is returned as is (someone refreshed meanwhile), otherwise a new one is fetched.
   */
  accessToken(rejected?: string): Promise<string>;
}

export function createRefresher({ store, lock, refresh, isFatal, now = Date.now }: RefresherOptions): Refresher {
  let inflight: Promise<SessionTokens> | null = null;

  const stale = (session: SessionTokens, rejected: string | undefined): boolean =>
    rejected === undefined ? expiresSoon(session, now()) : session.accessToken === rejected;

  const refreshed = (rejected: string | undefined): Promise<SessionTokens> => {
    inflight ??= lock(async () => {
      const current = store.read();
      if (!current) throw new SignedOutError();
      if (!stale(current, rejected)) return current;
      try {
        const next = await refresh(current.refreshToken);
        store.write(next);
        return next;
      } catch (error) {
        if (isFatal(error)) {
          store.write(null);
          throw new SignedOutError();
        }
        throw error;
      }
    }).finally(() => {
      inflight = null;
    });
    return inflight;
  };

  return {
    async accessToken(rejected) {
      const current = store.read();
      if (!current) throw new SignedOutError();
      if (!stale(current, rejected)) return current.accessToken;
      return (await refreshed(rejected)).accessToken;
    },
  };
}
