// Abuse limits over HTTP: login backoff per account and per IP, and request rate limits.
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, api, register } from '../helpers/api.ts';
import { startRelay, type TestRelay } from '../helpers/relay.ts';

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

const login = (target: TestRelay, username: string, password: string) =>
  api(target, 'POST', '/api/auth/login', { body: { username, password } });

describe('login backoff', () => {
  it('R-LIMIT-1: after LOGIN_MAX_FAILURES wrong passwords even the right one must wait, with retryAfterSeconds', async () => {
    relay = await startRelay({ LOGIN_MAX_FAILURES: '3' });
    const ann = await register(relay, 'ann');
    for (let i = 0; i < 3; i++) expect((await login(relay, 'ann', 'wrong password')).body.error).toBe('invalid_credentials');
    const blocked = await login(relay, 'ANN', TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({
      error: 'too_many_attempts',
      message: expect.stringContaining('try again'),
      retryAfterSeconds: expect.any(Number),
    });
    expect(blocked.body.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.headers.get('retry-after')).toBe(String(blocked.body.retryAfterSeconds));
    // Another account from the same address is not affected.
    await register(relay, 'ben');
    expect((await login(relay, 'ben', TEST_PASSWORD)).status).toBe(200);
    // Once the wait is over, the right password works again.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const after = await login(relay, 'ann', TEST_PASSWORD);
    expect(after.status).toBe(200);
    expect(after.body.user.id).toBe(ann.userId);
  });

  it('R-LIMIT-1: the wait doubles with each further failure', async () => {
    relay = await startRelay({ LOGIN_MAX_FAILURES: '1' });
    await register(relay, 'ann');
    await login(relay, 'ann', 'wrong password');
    const first = (await login(relay, 'ann', 'wrong password')).body.retryAfterSeconds;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await login(relay, 'ann', 'wrong password');
    const second = (await login(relay, 'ann', TEST_PASSWORD)).body.retryAfterSeconds;
    expect(second).toBeGreaterThan(2);
    expect(second).toBeLessThanOrEqual(4);
  });

  it('R-LIMIT-1: an address that fails across many accounts must wait, even for an account it has not tried', async () => {
    relay = await startRelay({ LOGIN_MAX_FAILURES_PER_IP: '4' });
    for (const name of ['ann', 'ben', 'cat', 'dan', 'eve']) await register(relay, name);
    for (const name of ['ann', 'ben', 'cat', 'dan']) await login(relay, name, 'wrong password');
    const response = await login(relay, 'eve', TEST_PASSWORD);
    expect(response.status).toBe(429);
    expect(response.body.error).toBe('too_many_attempts');
  });
});

describe('rate limits', () => {
  it('R-LIMIT-2: beyond API_RATE_LIMIT_PER_MINUTE requests an address gets 429 rate_limited with retryAfterSeconds', async () => {
    relay = await startRelay({ API_RATE_LIMIT_PER_MINUTE: '5' });
    for (let i = 0; i < 5; i++) expect((await api(relay, 'GET', '/api/me')).status).toBe(401);
    const limited = await api(relay, 'GET', '/api/me');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      error: 'rate_limited',
      message: expect.stringContaining('try again'),
      retryAfterSeconds: expect.any(Number),
    });
    expect(limited.body.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.body.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(limited.headers.get('retry-after')).toBe(String(limited.body.retryAfterSeconds));
  });

  it('R-LIMIT-2: the rate limit covers only /api: health checks still answer', async () => {
    relay = await startRelay({ API_RATE_LIMIT_PER_MINUTE: '1' });
    await api(relay, 'GET', '/api/me');
    expect((await api(relay, 'GET', '/api/me')).status).toBe(429);
    expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
  });

  it('R-LIMIT-2: register, login and refresh have their own stricter AUTH_RATE_LIMIT_PER_MINUTE', async () => {
    relay = await startRelay({ AUTH_RATE_LIMIT_PER_MINUTE: '2' });
    await register(relay, 'ann');
    await register(relay, 'ben');
    const third = await api(relay, 'POST', '/api/auth/register', { body: { username: 'cat', password: TEST_PASSWORD } });
    expect(third.status).toBe(429);
    expect(third.body.error).toBe('rate_limited');
    // Other routes still have their budget.
    const ann = await login(relay, 'ann', TEST_PASSWORD);
    expect(ann.status).toBe(200);
  });
});
