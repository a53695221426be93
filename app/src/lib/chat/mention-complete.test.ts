import { describe, expect, it } from 'vitest';
import { completeMention, mentionCandidates, mentionQuery } from './mention-complete.ts';

describe('mention autocomplete', () => {
  it('finds the name typed at the caret', () => {
    expect(mentionQuery('hi @Bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('mail a@bo', 9)).toBeNull();
    expect(mentionQuery('hi @bob there', 13)).toBeNull();
  });

  it('completes the name and puts the caret after it', () => {
    const text = 'hi @bo how are you';
    expect(completeMention(text, { start: 3, query: 'bo' }, 6, 'bob')).toEqual({ text: 'hi @bob how are you', caret: 8 });
    expect(completeMention('@al', { start: 0, query: 'al' }, 3, 'alice')).toEqual({ text: '@alice ', caret: 7 });
  });

  it('lists names starting with the query before names containing it', () => {
    const members = [{ username: 'rob' }, { username: 'bobby' }, { username: 'alice' }];
    expect(mentionCandidates(members, 'b').map((m) => m.username)).toEqual(['bobby', 'rob']);
  });
});
