// How several images of one message are laid out: one alone in its own shape, two side by side,
// three as one large and two small, four or more as a 2×2 grid whose last tile says how many more.

export type GridLayout = 'single' | 'pair' | 'trio' | 'quad';

export interface Grid {
  layout: GridLayout;
  /** How many images get a tile. */
  shown: number;
  /** Images left out, counted on the last tile ("+3"). */
  more: number;
}

export const GRID_MAX_TILES = 4;

export function gridFor(count: number): Grid {
  if (count <= 1) return { layout: 'single', shown: Math.max(0, count), more: 0 };
  if (count === 2) return { layout: 'pair', shown: 2, more: 0 };
  if (count === 3) return { layout: 'trio', shown: 3, more: 0 };
  return { layout: 'quad', shown: GRID_MAX_TILES, more: count - GRID_MAX_TILES };
}
