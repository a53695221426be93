import { describe, expect, it } from 'vitest';
import { codePointLength, isEmoji, isUserId, MAX_USER_ID_LENGTH } from './validation.ts';

describe('validation', () => {
  it('M-VAL-1: counts characters as code points', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀😀')).toBe(2);
    expect(codePointLength('')).toBe(0);
  });

  it('M-VAL-2: a user id is 1-128 characters without control characters', () => {
    expect(isUserId('u-alice')).toBe(true);
    expect(isUserId('x'.repeat(MAX_USER_ID_LENGTH))).toBe(true);
    for (const bad of ['', 'x'.repeat(MAX_USER_ID_LENGTH + 1), 'a\u0000b', 'a\nb', 7, null]) expect(isUserId(bad)).toBe(false);
  });

  it('M-VAL-3: an emoji is exactly one emoji grapheme', () => {
    for (const ok of ['👍', '👍🏿', '🏳️‍🌈', '🇯🇵', '#️⃣', '©️']) expect(isEmoji(ok)).toBe(true);
    for (const bad of ['', 'ok', '👍👎', ' 👍', 'é', 42]) expect(isEmoji(bad)).toBe(false);
  });
});
