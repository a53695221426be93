// When to ask the relay again about a media item that is still uploading or being processed, and
// whether a signed URL is still good to hand to an element.

/** 1 s, 2 s, 4 s … up to 15 s between questions, with ±20 % jitter so a screen of photos does not ask at once. */
export function pollDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Signed URLs are used only while they have this long left: an element may fetch again later (a video seeking). */
export const URL_MARGIN_MS = 30_000;

export function stillValid(expiresAt: number, now: number): boolean {
  return expiresAt - URL_MARGIN_MS > now;
}

/** The path of a variant without a signature: only the service worker's thumbnail cache answers it (offline). */
export function cachedPath(id: string, variant: string): string {
  return `/media/${encodeURIComponent(id)}/${encodeURIComponent(variant)}`;
}
