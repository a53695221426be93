import { describe, expect, it } from 'vitest';
import { gridFor } from './grid-layout.ts';

describe('gridFor', () => {
  it('shows one image alone, two side by side, three as one large and two small', () => {
    expect(gridFor(1)).toEqual({ layout: 'single', shown: 1, more: 0 });
    expect(gridFor(2)).toEqual({ layout: 'pair', shown: 2, more: 0 });
    expect(gridFor(3)).toEqual({ layout: 'trio', shown: 3, more: 0 });
  });

  it('shows four in a 2×2 grid, and more as four with the rest counted', () => {
    expect(gridFor(4)).toEqual({ layout: 'quad', shown: 4, more: 0 });
    expect(gridFor(7)).toEqual({ layout: 'quad', shown: 4, more: 3 });
  });

  it('shows nothing for no images', () => {
    expect(gridFor(0)).toEqual({ layout: 'single', shown: 0, more: 0 });
  });
});
