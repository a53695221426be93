import { describe, expect, it } from 'vitest';
import { formatHlc } from '#model/hlc.ts';
import { dayLabel, timeLabel } from './days.ts';

describe('dayLabel', () => {
  const now = new Date(2030, 4, 10, 15, 0);
  it('names today and yesterday', () => {
    expect(dayLabel('2030-05-10', now)).toBe('Today');
    expect(dayLabel('2030-05-09', now)).toBe('Yesterday');
  });
  it('writes out older days, with the year only when it is not this one', () => {
    expect(dayLabel('2030-05-01', now)).toContain('May');
    expect(dayLabel('2029-05-01', now)).toContain('2029');
  });
});

describe('timeLabel', () => {
  it('writes the local time of day of a clock', () => {
    const wallMs = new Date(2030, 4, 10, 15, 5).getTime();
    expect(timeLabel(formatHlc({ wallMs, counter: 0, node: 'a' }))).toMatch(/(3:05|15:05)/);
  });
  it('is empty for a malformed clock', () => {
    expect(timeLabel('not a clock')).toBe('');
  });
});
