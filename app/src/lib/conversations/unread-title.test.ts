import { describe, expect, it } from 'vitest';
import { titleWithUnread, totalUnread } from './unread-title.ts';

describe('totalUnread', () => {
  it('adds up the unread messages of every conversation', () => {
    expect(totalUnread([{ unread: 2 }, { unread: 0 }, { unread: 1 }])).toBe(3);
  });

  it('is 0 without conversations', () => {
    expect(totalUnread([])).toBe(0);
  });
});

describe('titleWithUnread', () => {
  it('puts the count in front of the title', () => {
    expect(titleWithUnread('Parley', 3)).toBe('(3) Parley');
    expect(titleWithUnread('bob · Parley', 120)).toBe('(120) bob · Parley');
  });

  it('leaves the title alone when nothing is unread', () => {
    expect(titleWithUnread('Parley', 0)).toBe('Parley');
  });

  it('keeps a title that looks like it has a count already', () => {
    expect(titleWithUnread('(1) planning · Parley', 2)).toBe('(2) (1) planning · Parley');
    expect(titleWithUnread('(1) planning · Parley', 0)).toBe('(1) planning · Parley');
  });
});
