import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

function throttle(perAccount = 3, perIp = 10) {
  const clock = { now: 1_000_000 };
  const limiter = new LoginThrottle({ maxFailuresPerAccount: perAccount, maxFailuresPerIp: perIp, now: () => clock.now });
  return { limiter, clock };
}

describe('login throttle', () => {
  it('lets attempts through until an account reaches its failure limit', () => {
    const { limiter } = throttle(3);
    limiter.failed('alice', '10.0.0.1');
    limiter.failed('alice', '10.0.0.1');
    expect(limiter.retryAfterSeconds('alice', '10.0.0.1')).toBe(0);
    limiter.failed('alice', '10.0.0.1');
    expect(limiter.retryAfterSeconds('alice', '10.0.0.1')).toBe(2);
  });

  it('doubles the wait with every further failure, up to 15 minutes', () => {
    const { limiter, clock } = throttle(1);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      limiter.failed('alice', `10.0.0.${i}`);
      const wait = limiter.retryAfterSeconds('alice', '10.0.0.99');
      waits.push(wait);
      clock.now += wait * 1000;
    }
    expect(waits.slice(0, 5)).toEqual([2, 4, 8, 16, 32]);
    expect(waits.at(-1)).toBe(900);
  });

  it('blocks an account whatever the IP and whatever the letter case', () => {
    const { limiter } = throttle(2);
    limiter.failed('Alice', '10.0.0.1');
    limiter.failed('alice', '10.0.0.2');
    expect(limiter.retryAfterSeconds('ALICE', '10.0.0.3')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('bob', '10.0.0.3')).toBe(0);
  });

  it('blocks an IP that fails across many accounts', () => {
    const { limiter } = throttle(5, 4);
    for (const name of ['a1', 'a2', 'a3', 'a4']) limiter.failed(name, '10.0.0.1');
    expect(limiter.retryAfterSeconds('a5', '10.0.0.1')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('a5', '10.0.0.2')).toBe(0);
  });

  it('a success clears the account but not the IP', () => {
    const { limiter } = throttle(2, 2);
    limiter.failed('alice', '10.0.0.1');
    limiter.succeeded('alice');
    limiter.failed('alice', '10.0.0.2');
    expect(limiter.retryAfterSeconds('alice', '10.0.0.3')).toBe(0);
    limiter.failed('bob', '10.0.0.1');
    expect(limiter.retryAfterSeconds('carol', '10.0.0.1')).toBeGreaterThan(0);
  });

  it('forgets failures an hour after the last one', () => {
    const { limiter, clock } = throttle(2);
    limiter.failed('alice', '10.0.0.1');
    clock.now += 61 * 60_000;
    limiter.failed('alice', '10.0.0.1');
    expect(limiter.retryAfterSeconds('alice', '10.0.0.1')).toBe(0);
  });
});
