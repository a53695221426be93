import { describe, expect, it } from 'vitest';
import { createHlc, formatHlc } from '#model/index.ts';
import { nextClock } from './conversation-writes.ts';

describe('nextClock', () => {
  it('stamps after the newest message shown even when this device clock is behind it', () => {
    const newest = formatHlc({ ...createHlc('peer'), wallMs: 10_000, counter: 3 });
    const next = nextClock(createHlc('me'), newest, 5_000);
    expect(formatHlc(next) > newest).toBe(true);
  });

  it('follows the wall clock when nothing newer was seen', () => {
    expect(nextClock(createHlc('me'), undefined, 7_000).wallMs).toBe(7_000);
  });
});
