import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, createBackoff } from './backoff.ts';

describe('backoff with full jitter', () => {
  it('draws each delay from [0, min(cap, base * 2^attempt))', () => {
    const max = createBackoff({ random: () => 0.999999 });
    const ceilings = Array.from({ length: 8 }, () => max.next());
    expect(ceilings.map((d) => Math.round(d))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    const min = createBackoff({ random: () => 0 });
    expect(min.next()).toBe(0);
    const real = createBackoff();
    for (let i = 0; i < 50; i++) {
      const delay = real.next();
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** i));
    }
  });

  it('stays at the cap after very many attempts', () => {
    const backoff = createBackoff({ random: () => 0.5 });
    for (let i = 0; i < 2000; i++) backoff.next();
    expect(backoff.next()).toBe(BACKOFF_CAP_MS / 2);
  });

  it('starts again from the base after reset', () => {
    const backoff = createBackoff({ random: () => 0.5 });
    backoff.next();
    backoff.next();
    backoff.next();
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(BACKOFF_BASE_MS / 2);
  });
});
