import { describe, expect, it } from 'vitest';
import { EDGE, GAP, placePopup, type Rect } from './popup-placement.ts';

const rect = (left: number, top: number, width: number, height: number): Rect => ({ left, top, right: left + width, bottom: top + height });
const viewport = rect(0, 0, 390, 844);
// The message list between the header and the composer.
const list = rect(0, 60, 390, 700);
const size = { width: 320, height: 340 };

describe('placePopup', () => {
  it('opens below the anchor, its right edge in line with the anchor', () => {
    const anchor = rect(330, 100, 32, 32);
    expect(placePopup(anchor, size, list, viewport)).toEqual({ left: 362 - 320, top: 132 + GAP, side: 'below' });
  });

  it('flips above an anchor near the bottom of the list, the last message', () => {
    const anchor = rect(330, 700, 32, 32);
    expect(placePopup(anchor, size, list, viewport)).toEqual({ left: 42, top: 700 - GAP - 340, side: 'above' });
  });

  it('stays inside the list at the left and right edges', () => {
    expect(placePopup(rect(10, 100, 32, 32), size, list, viewport).left).toBe(EDGE);
    expect(placePopup(rect(2, 100, 32, 32), size, list, viewport, 'start').left).toBe(EDGE);
    expect(placePopup(rect(360, 100, 40, 32), size, list, viewport, 'start').left).toBe(390 - EDGE - 320);
  });

  it('lies over the anchor inside the list when there is room on neither side', () => {
    const short = rect(0, 60, 390, 400);
    const placed = placePopup(rect(330, 250, 32, 32), size, short, viewport);
    expect(placed.side).toBe('over');
    expect(placed.top).toBeGreaterThanOrEqual(60 + EDGE);
    expect(placed.top + size.height).toBeLessThanOrEqual(460 - EDGE);
  });

  it('uses the viewport when the list is smaller than the popup', () => {
    const tiny = rect(0, 300, 390, 200);
    const placed = placePopup(rect(330, 400, 32, 32), size, tiny, viewport);
    expect(placed.top).toBeGreaterThanOrEqual(EDGE);
    expect(placed.top + size.height).toBeLessThanOrEqual(844 - EDGE);
  });
});
