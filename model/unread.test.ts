import { describe, expect, it } from 'vitest';
import { formatHlc } from './hlc.ts';
import { firstUnread, unreadCounts } from './unread.ts';

const hlc = (wallMs: number) => formatHlc({ wallMs, counter: 0, node: 'a' });
const message = (wallMs: number, author: string | null, options: { mentions?: string[]; deleted?: boolean } = {}) => ({
  hlc: hlc(wallMs),
  author,
  mentions: options.mentions ?? [],
  deleted: options.deleted ?? false,
});

describe('unreadCounts', () => {
  const messages = [
    message(1, 'u-bob'),
    message(2, 'u-me'),
    message(3, 'u-bob', { mentions: ['u-me'] }),
    message(4, 'u-carol', { deleted: true, mentions: ['u-me'] }),
    message(5, 'u-carol', { mentions: ['u-bob'] }),
    message(6, null, { mentions: ['u-me'] }),
  ];

  it('M-UNREAD-1: without a read marker, every message by someone else is unread', () => {
    expect(unreadCounts(messages, 'u-me', null)).toEqual({ unread: 4, mentions: 2 });
  });

  it('M-UNREAD-2: counts only messages after the marker, not the marked one', () => {
    expect(unreadCounts(messages, 'u-me', hlc(3))).toEqual({ unread: 2, mentions: 1 });
    expect(unreadCounts(messages, 'u-me', hlc(6))).toEqual({ unread: 0, mentions: 0 });
  });

  it("M-UNREAD-3: the reader's own and deleted messages are never unread", () => {
    expect(unreadCounts([message(2, 'u-me'), message(4, 'u-bob', { deleted: true })], 'u-me', null)).toEqual({ unread: 0, mentions: 0 });
  });

  it('M-UNREAD-4: a marker between messages (an HLC no message has) works', () => {
    expect(unreadCounts(messages, 'u-me', formatHlc({ wallMs: 3, counter: 5, node: 'z' }))).toEqual({ unread: 2, mentions: 1 });
  });
});

describe('firstUnread', () => {
  const messages = [
    message(1, 'u-bob'),
    message(2, 'u-me'),
    message(3, 'u-carol', { deleted: true }),
    message(4, 'u-bob'),
    message(5, 'u-me'),
  ];

  it('M-UNREAD-5: finds the first message by someone else after the marker', () => {
    expect(firstUnread(messages, 'u-me', null)).toBe(0);
    expect(firstUnread(messages, 'u-me', hlc(1))).toBe(3);
  });

  it("M-UNREAD-5: skips the reader's own and deleted messages, and finds none when all is read", () => {
    expect(firstUnread(messages, 'u-me', hlc(4))).toBe(-1);
    expect(firstUnread([message(2, 'u-me'), message(3, 'u-bob', { deleted: true })], 'u-me', null)).toBe(-1);
    expect(firstUnread([], 'u-me', null)).toBe(-1);
  });
});
