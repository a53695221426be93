// Where a popup (the actions menu, the reaction picker) goes beside what opened it: below it, or
// above when there is no room below, kept inside an area (the message list within the viewport)
// so that no edge of it is cut off.

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Placement {
  left: number;
  top: number;
  side: 'below' | 'above' | 'over';
}

/** Pixels kept clear between a popup and the edges of its area. */
export const EDGE = 8;
/** Pixels between a popup and what opened it. */
export const GAP = 4;

const clamp = (value: number, low: number, high: number): number => Math.max(low, Math.min(value, Math.max(low, high)));

/**
 * Places a popup of `size` by `anchor`: its right edge in line with the anchor's ('end', for
 * buttons at the right of a row) or its left edge ('start'), below the anchor, else above it,
 * else over it where it fits best, always inside `area` (less EDGE) when it is big enough, and
 * inside `viewport` when it is not.
 */
export function placePopup(
  anchor: Rect,
  size: { width: number; height: number },
  area: Rect,
  viewport: Rect,
  align: 'start' | 'end' = 'end',
): Placement {
  const inside = (rect: Rect, along: 'x' | 'y'): [number, number] =>
    along === 'x' ? [rect.left + EDGE, rect.right - EDGE] : [rect.top + EDGE, rect.bottom - EDGE];
  const fits = (rect: Rect, along: 'x' | 'y', length: number) => {
    const [low, high] = inside(rect, along);
    return high - low >= length;
  };
  const [xLow, xHigh] = inside(fits(area, 'x', size.width) ? area : viewport, 'x');
  const [yLow, yHigh] = inside(fits(area, 'y', size.height) ? area : viewport, 'y');

  const left = clamp(align === 'end' ? anchor.right - size.width : anchor.left, xLow, xHigh - size.width);
  const below = anchor.bottom + GAP;
  if (below + size.height <= yHigh) return { left, top: below, side: 'below' };
  const above = anchor.top - GAP - size.height;
  if (above >= yLow) return { left, top: above, side: 'above' };
  // Room on neither side: as near the anchor as the area allows, on the side with more room.
  const preferred = yHigh - anchor.bottom >= anchor.top - yLow ? below : above;
  return { left, top: clamp(preferred, yLow, yHigh - size.height), side: 'over' };
}
