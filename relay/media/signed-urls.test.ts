import { describe, expect, it } from 'vitest';
import { checkSignedUrl, mediaUrlKey, signedPath } from './signed-urls.ts';

const key = mediaUrlKey(new TextEncoder().encode('x'.repeat(32)));
const claims = { mediaId: 'm0123456789abcdef', variant: 'thumb-320', userId: 'u0123456789abcdef', expires: 2_000 } as const;
const queryOf = (path: string) => Object.fromEntries(new URL(path, 'http://relay').searchParams);

describe('signed media URLs', () => {
  it('name the media and variant in the path and check out before they expire', () => {
    const path = signedPath(key, claims);
    expect(path.startsWith('/media/m0123456789abcdef/thumb-320?')).toBe(true);
    expect(checkSignedUrl(key, claims.mediaId, claims.variant, queryOf(path), 1_999)).toEqual({ ok: true, userId: claims.userId });
    expect(checkSignedUrl(key, claims.mediaId, claims.variant, queryOf(path), 2_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('do not open another media item, variant or user, a later expiry, or with another key', () => {
    const query = queryOf(signedPath(key, claims));
    expect(checkSignedUrl(key, 'm0000000000000000', claims.variant, query, 0).ok).toBe(false);
    expect(checkSignedUrl(key, claims.mediaId, 'original', query, 0).ok).toBe(false);
    expect(checkSignedUrl(key, claims.mediaId, claims.variant, { ...query, u: 'u0000000000000000' }, 0).ok).toBe(false);
    expect(checkSignedUrl(key, claims.mediaId, claims.variant, { ...query, exp: '9999999' }, 0).ok).toBe(false);
    const other = mediaUrlKey(new TextEncoder().encode('y'.repeat(32)));
    expect(checkSignedUrl(other, claims.mediaId, claims.variant, query, 0)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuse a query with missing or malformed parts', () => {
    const query = queryOf(signedPath(key, claims));
    expect(checkSignedUrl(key, claims.mediaId, claims.variant, { u: query.u, exp: query.exp }, 0)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(checkSignedUrl(key, claims.mediaId, claims.variant, { ...query, exp: '1e9' }, 0)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkSignedUrl(key, claims.mediaId, claims.variant, { ...query, sig: 'short' }, 0)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });
});
