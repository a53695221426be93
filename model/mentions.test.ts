import { describe, expect, it } from 'vitest';
import { parseMentions, resolveMentions } from './mentions.ts';

describe('parseMentions', () => {
  it.each<[string, string, string[]]>([
    ['a mention at the start', '@alice hi', ['alice']],
    ['mentions after spaces and punctuation', 'hi @bob, (@carol) and "@dave"', ['bob', 'carol', 'dave']],
    ['names with dots, dashes and underscores', '@j.doe @a_b @x-y', ['j.doe', 'a_b', 'x-y']],
    ['sentence punctuation after a name', 'thanks @bob. see @carol-', ['bob', 'carol']],
    ['each name once, lowercased, in order of first mention', '@Bob @alice @bob', ['bob', 'alice']],
    ['mentions on several lines', 'hi\n@alice\n\t@bob', ['alice', 'bob']],
  ])('M-MENTION-1: finds %s', (_name, text, expected) => {
    expect(parseMentions(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['inside an email address', 'write to a@bob.com'],
    ['that is an address itself', 'ping @bob@example.com'],
    ['inside a URL path', 'see https://example.com/@alice'],
    ['after another @', '@@alice'],
    ['shorter than two characters', '@a and @'],
    ['longer than 32 characters', `@${'a'.repeat(33)}`],
    ['inside inline code', 'use `@alice` as the handle'],
    ['inside double-backtick code', 'use ``a ` @alice`` here'],
    ['inside a fenced code block', 'look:\n```\n@alice\n```\n'],
    ['inside a tilde fence', '~~~js\nconst x = "@alice"\n~~~'],
    ['inside an unclosed fence', '```\n@alice'],
  ])('M-MENTION-2: finds no mention %s', (_name, text) => {
    expect(parseMentions(text)).toEqual([]);
  });

  it('M-MENTION-2: accepts names of exactly 2 and 32 characters', () => {
    expect(parseMentions(`@ab @${'c'.repeat(32)}`)).toEqual(['ab', 'c'.repeat(32)]);
  });

  it('M-MENTION-3: text after a closed code span or fence still counts', () => {
    expect(parseMentions('`code` @alice')).toEqual(['alice']);
    expect(parseMentions('```\n@x\n```\n@bob')).toEqual(['bob']);
    expect(parseMentions('a stray ` backtick @alice')).toEqual(['alice']);
    expect(parseMentions('````\n```\n@x\n````\n@bob')).toEqual(['bob']);
  });

  it('M-MENTION-3: a line with backticks after ``` is inline code, not a fence', () => {
    expect(parseMentions('```inline``` @alice')).toEqual(['alice']);
  });
});

describe('resolveMentions', () => {
  it('M-MENTION-4: maps usernames to user ids with the lookup, dropping unknown names and duplicates', () => {
    const ids: Record<string, string> = { alice: 'u-1', bob: 'u-2', robert: 'u-2' };
    expect(resolveMentions('@bob @nobody @alice @robert', (name) => ids[name])).toEqual(['u-2', 'u-1']);
  });
});
