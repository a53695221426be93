// ThumbHashes as messages carry them (base64) and as the screen draws them (a data: URL).
import { rgbaToThumbHash, thumbHashToDataURL } from 'thumbhash';

export function encodeThumbhash(width: number, height: number, rgba: Uint8ClampedArray): string {
  const bytes = rgbaToThumbHash(width, height, rgba);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const drawn = new Map<string, string>();

/** The placeholder picture of a ThumbHash; undefined for one that does not decode. */
export function thumbhashDataUrl(hash: string | undefined): string | undefined {
  if (!hash) return undefined;
  const known = drawn.get(hash);
  if (known) return known;
  try {
    const bytes = Uint8Array.from(atob(hash), (char) => char.charCodeAt(0));
    const url = thumbHashToDataURL(bytes);
    if (drawn.size > 500) drawn.clear();
    drawn.set(hash, url);
    return url;
  } catch {
    return undefined;
  }
}
