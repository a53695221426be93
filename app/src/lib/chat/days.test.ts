import { describe, expect, it } from 'vitest';
import { dayLabel } from './days.ts';

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
