import data from 'emojibase-data/en/compact.json' with { type: 'json' };
import messages from 'emojibase-data/en/messages.json' with { type: 'json' };
import versions from 'emojibase-data/versions/emoji.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { fromDataset, newestDrawn, normalizeEmoji, searchEmoji, versionSamples, type PickerEmoji } from './emoji.ts';

const emoji = (character: string, label: string, tags: string[] = [], emoticons: string[] = []): PickerEmoji => ({
  emoji: character,
  label,
  tags,
  emoticons,
});

describe('normalizeEmoji', () => {
  it('drops a variation selector an emoji-presentation character does not need', () => {
    expect(normalizeEmoji('👍\uFE0F')).toBe('👍');
    expect(normalizeEmoji('👍')).toBe('👍');
  });

  it('keeps the one a character drawn as text needs to be an emoji', () => {
    expect(normalizeEmoji('❤\uFE0F')).toBe('❤\uFE0F');
    expect(normalizeEmoji('☺\uFE0F')).toBe('☺\uFE0F');
  });
});

describe('searchEmoji', () => {
  const all = [
    emoji('🎊', 'confetti ball', ['celebration', 'party']),
    emoji('🎉', 'party popper', ['celebrate', 'party', 'tada']),
    emoji('🥳', 'partying face', ['birthday', 'party']),
    emoji('🙂', 'slightly smiling face', ['face', 'smile'], [':)']),
    emoji('❤️', 'red heart', ['heart', 'love']),
    emoji('💔', 'broken heart', ['break', 'heart']),
  ];
  const found = (query: string) => searchEmoji(all, query).map(({ emoji }) => emoji);

  it('finds by name, the exact name first and names that start with the query next', () => {
    expect(found('party popper')).toEqual(['🎉']);
    expect(found('party')[0]).toBe('🎉');
    expect(found('party')).toEqual(['🎉', '🥳', '🎊']);
  });

  it('finds by keyword and emoticon', () => {
    expect(found('tada')).toEqual(['🎉']);
    expect(found('love')).toEqual(['❤️']);
    expect(found(':)')).toEqual(['🙂']);
  });

  it('needs every word, each the start of a word of the name or of a keyword, in any case', () => {
    expect(found('Heart BRO')).toEqual(['💔']);
    expect(found('smil fac')).toEqual(['🙂']);
    expect(found('eart')).toEqual([]);
  });

  it('finds nothing for an empty query, and no more than the limit', () => {
    expect(found('  ')).toEqual([]);
    expect(searchEmoji(all, 'heart', 1)).toHaveLength(1);
  });
});

describe('fromDataset', () => {
  const { categories, byEmoji } = fromDataset(data, messages);

  it('has the dataset’s categories in order, without the skin tone components', () => {
    expect(categories.map(({ label }) => label)).toEqual([
      'Smileys & emotion',
      'People & body',
      'Animals & nature',
      'Food & drink',
      'Travel & places',
      'Activities',
      'Objects',
      'Symbols',
      'Flags',
    ]);
    expect(byEmoji.has('🏻')).toBe(false);
    expect(categories.every(({ emoji }) => emoji.length > 50)).toBe(true);
  });

  it('has far more than a handful of emoji, each spelt one way', () => {
    expect(byEmoji.size).toBeGreaterThan(1800);
    expect(byEmoji.get('👍')?.label).toBe('thumbs up');
    expect(byEmoji.has('👍\uFE0F')).toBe(false);
    expect(byEmoji.get('❤️')?.label).toBe('red heart');
  });

  it('finds the real dataset’s party popper by its keyword', () => {
    expect(searchEmoji(byEmoji.values(), 'tada')[0]?.emoji).toBe('🎉');
  });
});

describe('what this device draws', () => {
  const samples = versionSamples(data, versions);

  it('tries one emoji of each version from 11 on, the newest first', () => {
    expect(samples[0]?.version).toBe(17);
    expect(samples.map(({ version }) => version)).toContain(15.1);
    expect(samples.at(-1)).toEqual({ version: 11, emoji: '🥰' });
  });

  it('settles on the newest version whose emoji draws', () => {
    const drawn = new Set(samples.filter(({ version }) => version <= 14).map(({ emoji }) => emoji));
    expect(newestDrawn(samples, (emoji) => drawn.has(emoji))).toBe(14);
    expect(newestDrawn(samples, () => false)).toBe(10);
  });

  it('leaves out the emoji newer than that', () => {
    const { byEmoji } = fromDataset(data, messages, versions, 14);
    expect(byEmoji.has('🫠')).toBe(true);
    // Shaking face is Emoji 15.
    expect(byEmoji.has('🫨')).toBe(false);
    expect(fromDataset(data, messages, versions).byEmoji.has('🫨')).toBe(true);
  });
});
