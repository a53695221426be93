import { describe, expect, it } from 'vitest';
import { FOLD_LINES, foldsAway } from './message-fold.ts';

describe('foldsAway', () => {
  const lineHeight = 21.75;

  it('keeps text of up to FOLD_LINES lines unfolded', () => {
    expect(foldsAway(lineHeight, lineHeight)).toBe(false);
    expect(foldsAway(FOLD_LINES * lineHeight, lineHeight)).toBe(false);
    // Fractional heights of exactly that many lines.
    expect(foldsAway(FOLD_LINES * lineHeight + 0.5, lineHeight)).toBe(false);
  });

  it('folds text taller than FOLD_LINES lines', () => {
    expect(foldsAway((FOLD_LINES + 1) * lineHeight, lineHeight)).toBe(true);
    expect(foldsAway(100 * lineHeight, lineHeight)).toBe(true);
  });

  it('counts lines at the size they are drawn', () => {
    const height = 20 * 18;
    expect(foldsAway(height, 18)).toBe(true);
    expect(foldsAway(height, 24)).toBe(false);
  });
});
