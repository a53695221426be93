import { describe, expect, it } from 'vitest';
import { fitWithin, singleBox, thumbhashSize, thumbnailFor } from './fit.ts';

describe('thumbhashSize', () => {
  it('scales the longer side down to 100 px and keeps the shape', () => {
    expect(thumbhashSize(4000, 3000)).toEqual({ width: 100, height: 75 });
    expect(thumbhashSize(600, 1200)).toEqual({ width: 50, height: 100 });
  });

  it('never scales up, and never reaches 0', () => {
    expect(thumbhashSize(40, 30)).toEqual({ width: 40, height: 30 });
    expect(thumbhashSize(10_000, 10)).toEqual({ width: 100, height: 1 });
  });
});

describe('fitWithin', () => {
  it('fits the tighter side', () => {
    expect(fitWithin(1920, 1080, 320, 320)).toEqual({ width: 320, height: 180 });
    expect(fitWithin(1080, 1920, 320, 320)).toEqual({ width: 180, height: 320 });
  });

  it('answers a square for an unknown size', () => {
    expect(fitWithin(0, 0, 100, 80)).toEqual({ width: 80, height: 80 });
  });
});

describe('singleBox', () => {
  it('keeps the image shape within 320 px', () => {
    expect(singleBox(4000, 3000)).toMatchObject({ width: 320, height: 240 });
    expect(singleBox(3000, 4000)).toMatchObject({ width: 240, height: 320 });
  });

  it('crops extreme shapes to 1:3 and 3:1', () => {
    expect(singleBox(10_000, 100).ratio).toBe(3);
    expect(singleBox(300, 10_000)).toMatchObject({ ratio: 1 / 3, width: 107, height: 320 });
  });

  it('does not blow a small image up', () => {
    expect(singleBox(100, 50)).toMatchObject({ width: 100, height: 50 });
  });

  it('gives 4:3 without a size', () => {
    expect(singleBox(undefined, undefined)).toMatchObject({ width: 320, height: 240 });
  });
});

describe('thumbnailFor', () => {
  it('takes the small thumbnail while it is sharp, the large one beyond', () => {
    expect(thumbnailFor(160, 2)).toBe('thumb-320');
    expect(thumbnailFor(320, 1)).toBe('thumb-320');
    expect(thumbnailFor(320, 2)).toBe('thumb-1280');
  });
});
