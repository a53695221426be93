import { describe, expect, it } from 'vitest';
import type { Session as SessionTokens } from '#protocol/http/accounts.ts';
import { createRefresher, SignedOutError, type Lock, type TokenStore } from './token-refresh.ts';

const NOW = Date.parse('2030-01-01T00:00:00Z');

function session(n: number, expiresInMs = 15 * 60_000): SessionTokens {
  return {
    user: { id: 'u1', username: 'alice' },
    accessToken: `access-${n}`,
    accessExpiresAt: new Date(NOW + expiresInMs),
    refreshToken: `refresh-${n}`,
    refreshExpiresAt: new Date(NOW + 30 * 86_400_000),
  };
}

function memoryStore(initial: SessionTokens | null): TokenStore & { value: SessionTokens | null } {
  return {
    value: initial,
    read() {
      return this.value;
    },
    write(next) {
      this.value = next;
    },
  };
}

/** A lock shared by several "tabs": tasks run strictly one after another. */
function sharedLock(): Lock {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task);
    tail = run.catch(() => {});
    return run;
  };
}

describe('token refresh', () => {
  it('returns the stored token while it is far from expiring', async () => {
    const store = memoryStore(session(1));
    const refresher = createRefresher({
      store,
      lock: sharedLock(),
      refresh: () => Promise.reject(new Error('unused')),
      isFatal: () => false,
      now: () => NOW,
    });
    expect(await refresher.accessToken()).toBe('access-1');
  });

  it('refreshes once for many concurrent callers in one tab', async () => {
    const store = memoryStore(session(1, 10_000));
    const used: string[] = [];
    const refresh = async (token: string) => {
      used.push(token);
      return session(2);
    };
    const refresher = createRefresher({ store, lock: sharedLock(), refresh, isFatal: () => false, now: () => NOW });
    const tokens = await Promise.all([refresher.accessToken(), refresher.accessToken(), refresher.accessToken('access-1')]);
    expect(tokens).toEqual(['access-2', 'access-2', 'access-2']);
    expect(used).toEqual(['refresh-1']);
  });

  it('never presents a refresh token twice when two tabs refresh at the same time', async () => {
    const store = memoryStore(session(1));
    const lock = sharedLock();
    const used: string[] = [];
    let n = 1;
    const refresh = async (token: string) => {
      used.push(token);
      return session(++n);
    };
    const tabA = createRefresher({ store, lock, refresh, isFatal: () => false, now: () => NOW });
    const tabB = createRefresher({ store, lock, refresh, isFatal: () => false, now: () => NOW });
    // Both had their socket closed with 4401 while holding access-1.
    const [a, b] = await Promise.all([tabA.accessToken('access-1'), tabB.accessToken('access-1')]);
    expect(a).toBe('access-2');
    expect(b).toBe('access-2');
    expect(used).toEqual(['refresh-1']);
  });

  it('signs out when the relay says the refresh token is revoked or reused', async () => {
    const store = memoryStore(session(1));
    const refresher = createRefresher({
      store,
      lock: sharedLock(),
      refresh: () => Promise.reject(new Error('token_reused')),
      isFatal: () => true,
      now: () => NOW,
    });
    await expect(refresher.accessToken('access-1')).rejects.toBeInstanceOf(SignedOutError);
    expect(store.value).toBeNull();
  });

  it('keeps the session when the refresh fails for lack of network', async () => {
    const store = memoryStore(session(1));
    const refresher = createRefresher({
      store,
      lock: sharedLock(),
      refresh: () => Promise.reject(new Error('offline')),
      isFatal: () => false,
      now: () => NOW,
    });
    await expect(refresher.accessToken('access-1')).rejects.toThrow('offline');
    expect(store.value?.refreshToken).toBe('refresh-1');
  });
});
