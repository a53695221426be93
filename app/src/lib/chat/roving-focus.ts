// Where a key moves focus among items that share one tab stop: the messages of a conversation
// (a list: ↑/↓, Home/End) and the emoji of the reaction picker (a grid: arrows in two directions).

/** The index `key` moves to from `current` in a list of `count` items; null when the key does not move. Stops at the ends. */
export function listStep(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowUp':
      return Math.max(current - 1, 0);
    case 'ArrowDown':
      return Math.min(current + 1, count - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** Above the first row of a grid: where ↑ from the top row goes (the search field over it). */
export const ABOVE = -1;

/**
 * The index `key` moves to from `current` in a grid of `count` items laid out `columns` to a row;
 * ABOVE for ↑ from the top row; null when the key does not move. ←/→ run on across rows; ↓ from
 * the row above a shorter last row goes to that row's last item.
 */
export function gridStep(key: string, current: number, count: number, columns: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  switch (key) {
    case 'ArrowLeft':
      return Math.max(current - 1, 0);
    case 'ArrowRight':
      return Math.min(current + 1, last);
    case 'ArrowUp':
      return current - columns >= 0 ? current - columns : ABOVE;
    case 'ArrowDown':
      if (current + columns <= last) return current + columns;
      return Math.floor(current / columns) < Math.floor(last / columns) ? last : current;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
