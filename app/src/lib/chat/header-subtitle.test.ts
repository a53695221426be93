import { describe, expect, it } from 'vitest';
import { headerSubtitle } from './header-subtitle.ts';

const NOW = Date.parse('2030-05-01T12:00:00Z');

describe('the header subtitle', () => {
  it('in a DM: typing first, then online or last seen, and Direct message while presence is unknown', () => {
    const online = { userId: 'u1', online: true, lastSeen: null };
    const away = { userId: 'u1', online: false, lastSeen: new Date(NOW - 5 * 60_000) };
    expect(headerSubtitle({ kind: 'dm', typing: true, other: online, now: NOW })).toBe('typing…');
    expect(headerSubtitle({ kind: 'dm', typing: false, other: online, now: NOW })).toBe('Online');
    expect(headerSubtitle({ kind: 'dm', typing: false, other: away, now: NOW })).toMatch(/^Last seen 5 minutes ago$/);
    expect(headerSubtitle({ kind: 'dm', typing: false, other: undefined, now: NOW })).toBe('Direct message');
  });

  it('in a group: members and how many are online, then the topic', () => {
    expect(headerSubtitle({ kind: 'group', memberCount: 3, onlineCount: 2, topic: '' })).toBe('3 members, 2 online');
    expect(headerSubtitle({ kind: 'group', memberCount: 1, onlineCount: 0, topic: '' })).toBe('1 member');
    expect(headerSubtitle({ kind: 'group', memberCount: 4, onlineCount: 1, topic: 'Hikes' })).toBe('4 members, 1 online · Hikes');
  });
});
