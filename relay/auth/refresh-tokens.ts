// Rotating refresh tokens: opaque, stored as sha256, one family per login. Using a token replaces
// it with a new one of its family; presenting a token that was already replaced or revoked means
// it leaked (or a client raced itself), so the whole family is revoked.
import type { Logger } from 'pino';
import type { SqlClient } from '../../persistence/sql-client.ts';
import { ErrorCode, RelayError } from '../errors.ts';
import { hashOpaqueToken, newOpaqueToken } from './opaque-tokens.ts';
import { SESSION_ENDED } from './tokens.ts';

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
  /** The login (token family) it belongs to: the access tokens' session id. */
  family: string;
}

export interface RotatedRefreshToken extends IssuedRefreshToken {
  userId: string;
  username: string;
}

type TokenRow = {
  user_id: string;
  username: string;
  family_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  replaced_by: string | null;
};

type Rotation = { ok: true; rotated: RotatedRefreshToken } | { ok: false; error: RelayError };

export class RefreshTokens {
  readonly #db: SqlClient;
  readonly #ttlMs: number;
  readonly #log: Logger;

  constructor(db: SqlClient, ttlSeconds: number, log: Logger) {
    this.#db = db;
    this.#ttlMs = ttlSeconds * 1000;
    this.#log = log;
  }

  /** Starts a new family (a login). */
  async issue(userId: string): Promise<IssuedRefreshToken> {
    const { token, hash } = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.#ttlMs);
    await this.#db.query('INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at) VALUES ($1, $2, $3, $4)', [
      hash,
      userId,
      hash,
      expiresAt,
    ]);
    return { token, expiresAt, family: hash };
  }

  /** Replaces `token` with a new one of the same family; throws a RelayError otherwise. */
  async rotate(token: string): Promise<RotatedRefreshToken> {
    // The family revocation must commit, so failures are returned from the transaction, not thrown.
    const result = await this.#db.transaction(async (tx): Promise<Rotation> => {
      const hash = hashOpaqueToken(token);
      const [row] = await tx.query<TokenRow>(
        `SELECT t.user_id, u.username, t.family_id, t.expires_at, t.revoked_at, t.replaced_by
         FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [hash],
      );
      if (!row) return { ok: false, error: new RelayError(ErrorCode.tokenInvalid, 'Unknown refresh token; sign in again') };
      if (row.replaced_by !== null) {
        await tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [row.family_id]);
        this.#log.warn({ userId: row.user_id, family: row.family_id.slice(0, 8) }, 'refresh token reused; family revoked');
        return {
          ok: false,
          error: new RelayError(ErrorCode.tokenReused, 'This refresh token was already used; for safety this session is signed out'),
        };
      }
      if (row.revoked_at !== null) return { ok: false, error: new RelayError(ErrorCode.tokenRevoked, SESSION_ENDED) };
      if (row.expires_at.getTime() <= Date.now())
        return { ok: false, error: new RelayError(ErrorCode.tokenExpired, 'The session has expired; sign in again') };

      const next = newOpaqueToken();
      const expiresAt = new Date(Date.now() + this.#ttlMs);
      await tx.query('INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at) VALUES ($1, $2, $3, $4)', [
        next.hash,
        row.user_id,
        row.family_id,
        expiresAt,
      ]);
      await tx.query('UPDATE refresh_tokens SET replaced_by = $2 WHERE token_hash = $1', [hash, next.hash]);
      return { ok: true, rotated: { token: next.token, expiresAt, family: row.family_id, userId: row.user_id, username: row.username } };
    });
    if (!result.ok) throw result.error;
    return result.rotated;
  }

  /** Revokes the family `token` belongs to (signing out that login); unknown tokens are ignored. */
  async revokeFamily(token: string): Promise<{ userId: string; family: string } | null> {
    const rows = await this.#db.query<{ user_id: string; family_id: string }>(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL
       RETURNING user_id, family_id`,
      [hashOpaqueToken(token)],
    );
    return rows[0] ? { userId: rows[0].user_id, family: rows[0].family_id } : null;
  }

  /** Revokes every login of `userId` (a password change); returns their families. */
  async revokeUser(userId: string): Promise<string[]> {
    const rows = await this.#db.query<{ family_id: string }>(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING family_id',
      [userId],
    );
    return [...new Set(rows.map((row) => row.family_id))];
  }

  /** Whether the login `family` is still signed in: some token of it is neither revoked nor expired. */
  async isActive(family: string): Promise<boolean> {
    const rows = await this.#db.query(
      'SELECT 1 FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NULL AND expires_at > now() LIMIT 1',
      [family],
    );
    return rows.length > 0;
  }

  /** Deletes tokens that expired more than a day ago; they can no longer be used or reused. */
  async deleteExpired(): Promise<number> {
    const rows = await this.#db.query(`DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day' RETURNING 1`);
    return rows.length;
  }
}
