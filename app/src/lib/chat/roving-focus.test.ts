import { describe, expect, it } from 'vitest';
import { ABOVE, gridStep, listStep } from './roving-focus.ts';

describe('listStep', () => {
  it('moves up and down one message, and stops at the first and the last', () => {
    expect(listStep('ArrowUp', 3, 5)).toBe(2);
    expect(listStep('ArrowDown', 3, 5)).toBe(4);
    expect(listStep('ArrowUp', 0, 5)).toBe(0);
    expect(listStep('ArrowDown', 4, 5)).toBe(4);
  });

  it('goes to the first with Home and the last with End', () => {
    expect(listStep('Home', 3, 5)).toBe(0);
    expect(listStep('End', 1, 5)).toBe(4);
  });

  it('leaves other keys alone, and an empty list', () => {
    expect(listStep('ArrowLeft', 2, 5)).toBeNull();
    expect(listStep('Enter', 2, 5)).toBeNull();
    expect(listStep('ArrowUp', 0, 0)).toBeNull();
  });
});

describe('gridStep', () => {
  // 8 columns, 19 items: rows 0–7, 8–15 and a short last row 16–18.
  const step = (key: string, current: number) => gridStep(key, current, 19, 8);

  it('runs left and right across the ends of rows, and stops at the first and last item', () => {
    expect(step('ArrowRight', 7)).toBe(8);
    expect(step('ArrowLeft', 8)).toBe(7);
    expect(step('ArrowLeft', 0)).toBe(0);
    expect(step('ArrowRight', 18)).toBe(18);
  });

  it('moves a whole row up and down', () => {
    expect(step('ArrowDown', 3)).toBe(11);
    expect(step('ArrowUp', 11)).toBe(3);
  });

  it('leaves the grid upward from the top row', () => {
    expect(step('ArrowUp', 5)).toBe(ABOVE);
  });

  it('goes down into a shorter last row at its last item, and stays on the last row', () => {
    expect(step('ArrowDown', 13)).toBe(18);
    expect(step('ArrowDown', 10)).toBe(18);
    expect(step('ArrowDown', 17)).toBe(17);
  });

  it('goes to the first and last item with Home and End', () => {
    expect(step('Home', 12)).toBe(0);
    expect(step('End', 2)).toBe(18);
  });

  it('leaves other keys alone', () => {
    expect(step('Enter', 2)).toBeNull();
    expect(gridStep('ArrowDown', 0, 0, 8)).toBeNull();
  });
});
