// Opaque bearer secrets (refresh tokens, invite links): random, URL-safe (protocol/http/ids.ts
// has their pattern), stored only as a hash.
import { createHash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;

export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

/** sha256 suffices (no salt, no stretching): the token is 256 random bits, not a password. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
