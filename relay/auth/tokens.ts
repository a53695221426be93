// Access tokens: short-lived HS256 JWTs carrying the user id (`sub`), username (`name`) and the
// session (`sid`: the login's refresh-token family), so that signing out can end them early.
import { SignJWT, decodeJwt, jwtVerify, errors } from 'jose';
import { z } from 'zod';
import { USER_ID_PATTERN } from '../../protocol/http/ids.ts';
import type { Config } from '../config.ts';

export interface AccessClaims {
  userId: string;
  username: string;
  /** The login this token belongs to; AccountService.verifyAccess checks it is still signed in. */
  sessionId: string;
}

export type AccessCheck =
  | { ok: true; claims: AccessClaims }
  | { ok: false; code: 'token_missing' | 'token_expired' | 'token_invalid' | 'token_revoked'; message: string };

/** What a user is told when their session was signed out (logout, password change). */
export const SESSION_ENDED = 'This session was signed out; sign in again';

/** Whatever checks access tokens for the API and the relay: the token service, plus sessions. */
export interface AccessVerifier {
  verifyAccess(token: string | undefined): Promise<AccessCheck>;
}

export interface IssueOptions {
  /** Overrides ACCESS_TOKEN_TTL_SECONDS; a negative value mints an already expired token (tests). */
  expiresInSeconds?: number;
}

// Tokens for other purposes signed with the same secret later must not pass as access tokens.
const AUDIENCE = 'parley:access';
const ALGORITHM = 'HS256';
// Tolerated clock difference between relays sharing a secret.
const CLOCK_TOLERANCE_SECONDS = 5;

const payloadSchema = z.object({
  sub: z.string().regex(USER_ID_PATTERN),
  name: z.string().min(1).max(64),
  sid: z.string().min(16).max(128),
});

/**
 * The user id a token claims, without checking its signature: only for turning a sender away
 * early (a rate limit), never for letting anyone in.
 */
export function unverifiedSubject(token: string | null | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const { sub } = decodeJwt(token);
    return typeof sub === 'string' && USER_ID_PATTERN.test(sub) ? sub : undefined;
  } catch {
    return undefined;
  }
}

export class TokenService {
  readonly #key: Uint8Array;
  readonly #accessTtlSeconds: number;

  constructor(config: Pick<Config, 'ACCESS_TOKEN_TTL_SECONDS'>, key: Uint8Array) {
    this.#key = key;
    this.#accessTtlSeconds = config.ACCESS_TOKEN_TTL_SECONDS;
  }

  get accessTtlSeconds(): number {
    return this.#accessTtlSeconds;
  }

  async issueAccess(claims: AccessClaims, options: IssueOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ name: claims.username, sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresInSeconds ?? this.#accessTtlSeconds))
      .sign(this.#key);
  }

  async verifyAccess(token: string | undefined): Promise<AccessCheck> {
    if (!token) return { ok: false, code: 'token_missing', message: 'Sign in: this needs an access token' };
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: [ALGORITHM],
        audience: AUDIENCE,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      const claims = payloadSchema.safeParse(payload);
      if (!claims.success) return { ok: false, code: 'token_invalid', message: 'The access token does not carry a user' };
      return { ok: true, claims: { userId: claims.data.sub, username: claims.data.name, sessionId: claims.data.sid } };
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        return { ok: false, code: 'token_expired', message: 'The access token has expired; refresh it' };
      }
      return { ok: false, code: 'token_invalid', message: 'The access token is not valid' };
    }
  }
}
