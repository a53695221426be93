import { describe, expect, it } from 'vitest';
import { MessageRate } from './message-rate.ts';

describe('MessageRate', () => {
  it('R-LIMIT-WS-1: allows the configured burst, then asks the user to wait for the refill', () => {
    let now = 0;
    const rate = new MessageRate(20, 10_000, () => now);
    for (let i = 0; i < 20; i++) expect(rate.take('u', 1)).toBe(0);
    expect(rate.take('u', 1)).toBe(500);
    expect(rate.take('other', 1)).toBe(0);
    now += 500;
    expect(rate.take('u', 1)).toBe(0);
    expect(rate.take('u', 1)).toBeGreaterThan(0);
  });

  it('R-LIMIT-WS-2: lets one offline backlog through at once and then throttles', () => {
    let now = 0;
    const rate = new MessageRate(20, 10_000, () => now);
    expect(rate.take('u', 200)).toBe(0);
    const wait = rate.take('u', 1);
    expect(wait).toBeGreaterThan(90_000);
    now += wait;
    expect(rate.take('u', 1)).toBe(0);
  });

  it('forgets users whose bucket refilled', () => {
    let now = 0;
    const rate = new MessageRate(20, 10_000, () => now);
    rate.take('u', 5);
    now += 60_000;
    rate.sweep();
    for (let i = 0; i < 20; i++) expect(rate.take('u', 1)).toBe(0);
  });

  it('R-LIMIT-WS-6: waitFor tells how long a user over the rate waits, without taking anything', () => {
    let now = 0;
    const rate = new MessageRate(20, 10_000, () => now);
    expect(rate.waitFor('u')).toBe(0);
    rate.take('u', 19);
    expect(rate.waitFor('u')).toBe(0);
    rate.take('u', 30);
    const wait = rate.waitFor('u');
    expect(wait).toBeGreaterThan(10_000);
    expect(rate.waitFor('u')).toBe(wait);
    now += wait;
    expect(rate.waitFor('u')).toBe(0);
  });
});
