import { describe, expect, it } from 'vitest';
import { presenceLabel } from './presence-label.ts';

const NOW = Date.parse('2030-05-01T12:00:00Z');
const seen = (msAgo: number) => ({ userId: 'u1', online: false, lastSeen: new Date(NOW - msAgo) });

describe('presenceLabel', () => {
  it('says Online, or Offline for someone never seen', () => {
    expect(presenceLabel({ userId: 'u1', online: true, lastSeen: null }, NOW, 'en')).toBe('Online');
    expect(presenceLabel({ userId: 'u1', online: false, lastSeen: null }, NOW, 'en')).toBe('Offline');
  });

  it('says when someone was last seen, in the largest unit that fits', () => {
    expect(presenceLabel(seen(20_000), NOW, 'en')).toBe('Last seen just now');
    expect(presenceLabel(seen(5 * 60_000), NOW, 'en')).toBe('Last seen 5 minutes ago');
    expect(presenceLabel(seen(3 * 3_600_000), NOW, 'en')).toBe('Last seen 3 hours ago');
    expect(presenceLabel(seen(26 * 3_600_000), NOW, 'en')).toBe('Last seen yesterday');
    expect(presenceLabel(seen(20 * 86_400_000), NOW, 'en')).toBe('Last seen 3 weeks ago');
  });
});
