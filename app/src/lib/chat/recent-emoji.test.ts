import { describe, expect, it } from 'vitest';
import { COMMON_EMOJI, RECENT_MAX, recentEmoji, rememberEmoji, topped, withRecent } from './recent-emoji.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
}

describe('withRecent', () => {
  it('puts the emoji first, once', () => {
    expect(withRecent(['👍', '🎉', '😂'], '🎉')).toEqual(['🎉', '👍', '😂']);
    expect(withRecent([], '🍕')).toEqual(['🍕']);
  });

  it('keeps no more than the maximum, dropping the oldest', () => {
    const full = Array.from({ length: RECENT_MAX }, (_, index) => String(index));
    const next = withRecent(full, 'new');
    expect(next).toHaveLength(RECENT_MAX);
    expect(next[0]).toBe('new');
    expect(next).not.toContain(String(RECENT_MAX - 1));
  });
});

describe('topped', () => {
  it('follows the recent emoji with the common ones not among them', () => {
    expect(topped(['🍕', '👍'])).toEqual(['🍕', '👍', ...COMMON_EMOJI.filter((emoji) => emoji !== '👍')]);
    expect(topped([])).toEqual(COMMON_EMOJI);
  });
});

describe('recentEmoji and rememberEmoji', () => {
  it('remember across reads, newest first', () => {
    const storage = memoryStorage();
    rememberEmoji('🎉', storage);
    rememberEmoji('🍕', storage);
    rememberEmoji('🎉', storage);
    expect(recentEmoji(storage)).toEqual(['🎉', '🍕']);
  });

  it('read nothing from storage that holds something else, or none at all', () => {
    expect(recentEmoji(memoryStorage({ 'parley.recent-emoji': '{"not":"a list"}' }))).toEqual([]);
    expect(recentEmoji(memoryStorage({ 'parley.recent-emoji': 'not json' }))).toEqual([]);
    expect(recentEmoji(memoryStorage({ 'parley.recent-emoji': '["👍", 3, null]' }))).toEqual(['👍']);
    expect(recentEmoji(undefined)).toEqual([]);
  });

  it('do not throw when storage refuses to write', () => {
    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => rememberEmoji('👍', refusing)).not.toThrow();
  });
});
