import { describe, expect, it } from 'vitest';
import { actionForKey, messageActions } from './message-context.ts';

describe('messageActions', () => {
  it("offers reply, reaction and copy on someone else's message", () => {
    expect(messageActions({ mine: false, deleted: false }, false)).toEqual(['reply', 'react', 'copy']);
  });

  it('adds edit and delete on my own message', () => {
    expect(messageActions({ mine: true, deleted: false }, false)).toEqual(['reply', 'react', 'copy', 'edit', 'delete']);
  });

  it("lets a moderator delete someone else's message, not edit it", () => {
    expect(messageActions({ mine: false, deleted: false }, true)).toEqual(['reply', 'react', 'copy', 'delete']);
  });

  it('offers nothing on a deleted message', () => {
    expect(messageActions({ mine: true, deleted: true }, true)).toEqual([]);
  });
});

describe('actionForKey', () => {
  it('maps the announced keys, in either case', () => {
    expect(actionForKey('r')).toBe('reply');
    expect(actionForKey('E')).toBe('edit');
    expect(actionForKey('+')).toBe('react');
    expect(actionForKey('c')).toBe('copy');
    expect(actionForKey('Delete')).toBe('delete');
  });

  it('ignores other keys', () => {
    expect(actionForKey('x')).toBeUndefined();
    expect(actionForKey('Backspace')).toBeUndefined();
  });
});
