// Short-lived signed URLs for media: <img> and <video> cannot send a bearer token, so a member
// asks the API for a URL, which names the media, the variant, the member and an expiry, signed
// with an HMAC key only the relay has. The relay still checks membership when the URL is used,
// so a member removed a moment ago is refused even with a URL that has not expired.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Variant } from './media-types.ts';

export interface UrlClaims {
  mediaId: string;
  variant: Variant;
  userId: string;
  /** Seconds since the epoch. */
  expires: number;
}

const payload = ({ mediaId, variant, userId, expires }: UrlClaims): string => `${mediaId}/${variant}/${userId}/${expires}`;

export function signature(key: Uint8Array, claims: UrlClaims): string {
  return createHmac('sha256', key).update(payload(claims)).digest('base64url');
}

/** The path and query of a signed URL, relative to the relay's origin. */
export function signedPath(key: Uint8Array, claims: UrlClaims): string {
  const query = new URLSearchParams({ u: claims.userId, exp: String(claims.expires), sig: signature(key, claims) });
  return `/media/${claims.mediaId}/${claims.variant}?${query}`;
}

export type UrlCheck = { ok: true; userId: string } | { ok: false; reason: 'malformed' | 'expired' | 'bad_signature' };

/** Checks a signed URL's query for media `mediaId` and `variant` at `nowSeconds`. */
export function checkSignedUrl(
  key: Uint8Array,
  mediaId: string,
  variant: Variant,
  query: { u?: unknown; exp?: unknown; sig?: unknown },
  nowSeconds: number,
): UrlCheck {
  const { u, exp, sig } = query;
  if (typeof u !== 'string' || typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp))
    return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(signature(key, { mediaId, variant, userId: u, expires: Number(exp) }));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (Number(exp) <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, userId: u };
}

/** The key that signs media URLs, derived from the access-token secret so relays sharing one agree. */
export function mediaUrlKey(signingKey: Uint8Array): Uint8Array {
  return createHmac('sha256', signingKey).update('parley media urls v1').digest();
}
