import { describe, expect, it } from 'vitest';
import { cachedPath, pollDelay, stillValid } from './media-poll.ts';

describe('pollDelay', () => {
  it('doubles from a second up to fifteen', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => pollDelay(attempt, middle))).toEqual([
      1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000,
    ]);
  });

  it('spreads questions by up to a fifth either way', () => {
    expect(pollDelay(0, () => 0)).toBe(800);
    expect(pollDelay(0, () => 1)).toBe(1200);
  });
});

describe('stillValid', () => {
  it('stops using a URL half a minute before it expires', () => {
    expect(stillValid(100_000, 60_000)).toBe(true);
    expect(stillValid(100_000, 75_000)).toBe(false);
  });
});

describe('cachedPath', () => {
  it('names the media and the variant, without a signature', () => {
    expect(cachedPath('m0123456789abcdef', 'thumb-320')).toBe('/media/m0123456789abcdef/thumb-320');
  });
});
