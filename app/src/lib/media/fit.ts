// Sizes of media on screen and in the placeholder: an image scaled to fit a box, keeping its shape.

/** The size ThumbHash encodes from: at most 100 px on the longer side (the encoder's limit). */
export const THUMBHASH_MAX = 100;

export interface Size {
  width: number;
  height: number;
}

/** `width` × `height` scaled down (never up) to fit `maxWidth` × `maxHeight`, in whole pixels, at least 1. */
export function fitWithin(width: number, height: number, maxWidth: number, maxHeight: number): Size {
  if (!(width > 0) || !(height > 0))
    return { width: Math.max(1, Math.min(maxWidth, maxHeight)), height: Math.max(1, Math.min(maxWidth, maxHeight)) };
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The canvas a ThumbHash is computed from. */
export function thumbhashSize(width: number, height: number): Size {
  return fitWithin(width, height, THUMBHASH_MAX, THUMBHASH_MAX);
}

/**
 * How a lone image or video is drawn in a message: its own shape, at most `max` px either way, and
 * not so thin it cannot be seen or tapped (a panorama or a long screenshot is cropped to 1:3).
 */
export function singleBox(width: number | undefined, height: number | undefined, max = 320): Size & { ratio: number } {
  if (!width || !height) return { width: max, height: Math.round((max * 3) / 4), ratio: 4 / 3 };
  const ratio = Math.min(3, Math.max(1 / 3, width / height));
  const box = fitWithin(ratio * 1000, 1000, max, max);
  // Never wider than the image itself: a tiny icon stays tiny (but at least 48 px to tap).
  const scale = Math.min(1, Math.max(width, 48) / box.width);
  return { width: Math.round(box.width * scale), height: Math.round(box.height * scale), ratio };
}

/** Which thumbnail is sharp enough for a box `cssWidth` px wide on this screen. */
export function thumbnailFor(cssWidth: number, devicePixelRatio: number): 'thumb-320' | 'thumb-1280' {
  return cssWidth * devicePixelRatio <= 320 ? 'thumb-320' : 'thumb-1280';
}
