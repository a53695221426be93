// Accounts: register, log in, refresh, log out, change the password; the sessions access tokens
// belong to; and the user lookups the API and presence need.
import type { Logger } from 'pino';
import { checkUsername } from '../../model/usernames.ts';
import type { SqlClient } from '../../persistence/sql-client.ts';
import type { Credentials, Session } from '../../protocol/http/accounts.ts';
import type { Config } from '../config.ts';
import { ErrorCode, RelayError } from '../errors.ts';
import { newUserId } from '../ids.ts';
import { LoginThrottle } from './login-throttle.ts';
import { DEFAULT_HASH_COST, checkPassword, hashPassword, verifyPassword, type HashCost } from './passwords.ts';
import { RefreshTokens } from './refresh-tokens.ts';
import { SESSION_ENDED, type AccessCheck, type AccessVerifier, type TokenService } from './tokens.ts';
import * as users from './users.ts';
import type { User } from './users.ts';

export type { User } from './users.ts';

export interface AccountServiceOptions {
  db: SqlClient;
  tokens: TokenService;
  config: Pick<Config, 'REFRESH_TOKEN_TTL_SECONDS' | 'LOGIN_MAX_FAILURES' | 'LOGIN_MAX_FAILURES_PER_IP'>;
  log: Logger;
  /** argon2id cost of new hashes; OWASP's recommendation unless a test lowers it. */
  hashCost?: HashCost;
}

/**
 * How long a relay trusts that a session it checked is still signed in. A session signed out on
 * this relay ends at once; one signed out on another relay sharing the database, within this.
 */
const SESSION_RECHECK_MS = 5_000;

export class AccountService implements AccessVerifier {
  readonly #db: SqlClient;
  readonly #tokens: TokenService;
  readonly #refresh: RefreshTokens;
  readonly #throttle: LoginThrottle;
  readonly #hashCost: HashCost;
  readonly #log: Logger;
  /** Verified against when the username is unknown, so both failures take as long. */
  #dummyHash: Promise<string> | undefined;
  /** Session id → until when it is trusted as signed in without asking the database again. */
  readonly #activeUntil = new Map<string, number>();
  #onSessionsEnded: (sessionIds: ReadonlySet<string>) => void = () => {};

  constructor(options: AccountServiceOptions) {
    this.#db = options.db;
    this.#tokens = options.tokens;
    this.#log = options.log;
    this.#hashCost = options.hashCost ?? DEFAULT_HASH_COST;
    this.#refresh = new RefreshTokens(options.db, options.config.REFRESH_TOKEN_TTL_SECONDS, options.log);
    this.#throttle = new LoginThrottle({
      maxFailuresPerAccount: options.config.LOGIN_MAX_FAILURES,
      maxFailuresPerIp: options.config.LOGIN_MAX_FAILURES_PER_IP,
    });
  }

  async register({ username, password }: Credentials): Promise<Session> {
    const name = checkUsername(username);
    if (!name.ok) throw new RelayError(ErrorCode.invalidUsername, name.message);
    const strength = checkPassword(password, username);
    if (!strength.ok) throw new RelayError(ErrorCode.weakPassword, strength.message);
    if (await users.userByName(this.#db, username)) throw taken(username);
    const user = await users.insertUser(this.#db, {
      id: newUserId(),
      username,
      passwordHash: await hashPassword(password, this.#hashCost),
    });
    // Someone else may have taken the name while the password was hashing.
    if (!user) throw taken(username);
    this.#log.info({ userId: user.id }, 'account registered');
    return this.#startSession(user);
  }

  /** `ip` is the client's address, for the per-IP backoff. */
  async login({ username, password }: Credentials, ip: string): Promise<Session> {
    const check = await this.#checkPassword(username, password, ip);
    if (!check.ok) {
      // Not the typed name: people type their password into the name field often enough.
      this.#log.warn({ userId: check.userId, ip }, 'failed sign-in');
      throw new RelayError(ErrorCode.invalidCredentials, 'Wrong username or password');
    }
    return this.#startSession(check.user);
  }

  /**
   * Checks `password` for the account named `username` under the sign-in backoff (per account and
   * per IP), taking as long when there is no such account.
   */
  async #checkPassword(
    username: string,
    password: string,
    ip: string,
  ): Promise<{ ok: true; user: User } | { ok: false; userId: string | undefined }> {
    const wait = this.#throttle.retryAfterSeconds(username, ip);
    if (wait > 0) {
      throw new RelayError(ErrorCode.tooManyAttempts, `Too many failed sign-ins; try again in ${wait} s`, { retryAfterSeconds: wait });
    }
    const user = await users.userByName(this.#db, username);
    let valid = false;
    if (user) valid = await verifyPassword(user.passwordHash, password);
    else await verifyPassword(await this.#dummy(), password);
    if (!user || !valid) {
      this.#throttle.failed(username, ip);
      return { ok: false, userId: user?.id };
    }
    this.#throttle.succeeded(username);
    return { ok: true, user };
  }

  /** Trades a refresh token for a new access token and a new refresh token. */
  async refresh(refreshToken: string): Promise<Session> {
    const rotated = await this.#refresh.rotate(refreshToken);
    const user = { id: rotated.userId, username: rotated.username };
    const access = await this.#access(user, rotated.family);
    return { user, ...access, refreshToken: rotated.token, refreshExpiresAt: rotated.expiresAt };
  }

  /** Signs out the login `refreshToken` belongs to. Unknown or already revoked tokens are fine. */
  async logout(refreshToken: string): Promise<void> {
    const revoked = await this.#refresh.revokeFamily(refreshToken);
    if (!revoked) return;
    this.#log.info({ userId: revoked.userId }, 'signed out');
    this.#ended([revoked.family]);
  }

  /**
   * Sets a new password after checking the current one (with the sign-in backoff), signs out
   * every login of the account, this one included, and starts a new session for the caller.
   */
  async changePassword(userId: string, change: { currentPassword: string; newPassword: string }, ip: string): Promise<Session> {
    const account = await users.userById(this.#db, userId);
    if (!account) throw new RelayError(ErrorCode.tokenInvalid, 'This account no longer exists');
    if (!(await this.#checkPassword(account.username, change.currentPassword, ip)).ok) {
      this.#log.warn({ userId, ip }, 'failed password change');
      throw new RelayError(ErrorCode.invalidCredentials, 'The current password is wrong');
    }
    const strength = checkPassword(change.newPassword, account.username);
    if (!strength.ok) throw new RelayError(ErrorCode.weakPassword, strength.message);
    await users.setPasswordHash(this.#db, userId, await hashPassword(change.newPassword, this.#hashCost));
    const families = await this.#refresh.revokeUser(userId);
    this.#log.info({ userId, sessions: families.length }, 'password changed; every session signed out');
    this.#ended(families);
    return this.#startSession(account);
  }

  /** Checks the account's password (with the sign-in backoff) before an act that cannot be undone. */
  async confirmPassword(userId: string, password: string, ip: string): Promise<void> {
    const account = await users.userById(this.#db, userId);
    if (!account) throw new RelayError(ErrorCode.tokenInvalid, 'This account no longer exists');
    if (!(await this.#checkPassword(account.username, password, ip)).ok) {
      this.#log.warn({ userId, ip }, 'wrong password to confirm an account change');
      throw new RelayError(ErrorCode.invalidCredentials, 'The password is wrong');
    }
  }

  /** Deletes the account (after `confirmPassword`, once it left its groups) and signs out all of its sessions. */
  async deleteAccount(userId: string): Promise<void> {
    await users.markDeleted(this.#db, userId);
    const families = await this.#refresh.revokeUser(userId);
    this.#log.info({ userId, sessions: families.length }, 'account deleted; every session signed out');
    this.#ended(families);
  }

  /** The access token's signature and expiry, then that its session is still signed in. */
  async verifyAccess(token: string | undefined): Promise<AccessCheck> {
    const check = await this.#tokens.verifyAccess(token);
    if (!check.ok) return check;
    const { sessionId } = check.claims;
    const now = Date.now();
    if ((this.#activeUntil.get(sessionId) ?? 0) > now) return check;
    if (!(await this.#refresh.isActive(sessionId))) {
      this.#activeUntil.delete(sessionId);
      return { ok: false, code: 'token_revoked', message: SESSION_ENDED };
    }
    if (this.#activeUntil.size >= 10_000) for (const [id, until] of this.#activeUntil) if (until <= now) this.#activeUntil.delete(id);
    this.#activeUntil.set(sessionId, now + SESSION_RECHECK_MS);
    return check;
  }

  /** Called with the sessions signed out on this relay, to close their connections. */
  onSessionsEnded(listener: (sessionIds: ReadonlySet<string>) => void): void {
    this.#onSessionsEnded = listener;
  }

  #ended(families: readonly string[]): void {
    for (const family of families) this.#activeUntil.delete(family);
    if (families.length > 0) this.#onSessionsEnded(new Set(families));
  }

  user(userId: string): Promise<User | null> {
    return users.userById(this.#db, userId);
  }

  /** The account with this name (in any letter case), if there is one. */
  async userByName(username: string): Promise<User | null> {
    const user = await users.userByName(this.#db, username);
    return user && { id: user.id, username: user.username, createdAt: user.createdAt };
  }

  searchUsers(prefix: string, limit: number): Promise<User[]> {
    return users.searchUsers(this.#db, prefix, limit);
  }

  setLastSeen(userId: string, at: Date): Promise<void> {
    return users.setLastSeen(this.#db, userId, at);
  }

  /** Last-seen times of the known users among `userIds` (null: never seen). */
  lastSeen(userIds: readonly string[]): Promise<Map<string, Date | null>> {
    return users.lastSeen(this.#db, userIds);
  }

  /** Drops refresh tokens that expired over a day ago. */
  deleteExpiredTokens(): Promise<number> {
    return this.#refresh.deleteExpired();
  }

  async #startSession(user: { id: string; username: string }): Promise<Session> {
    const refresh = await this.#refresh.issue(user.id);
    const access = await this.#access(user, refresh.family);
    return { user: { id: user.id, username: user.username }, ...access, refreshToken: refresh.token, refreshExpiresAt: refresh.expiresAt };
  }

  async #access(user: { id: string; username: string }, sessionId: string): Promise<{ accessToken: string; accessExpiresAt: Date }> {
    const accessExpiresAt = new Date(Date.now() + this.#tokens.accessTtlSeconds * 1000);
    const accessToken = await this.#tokens.issueAccess({ userId: user.id, username: user.username, sessionId });
    return { accessToken, accessExpiresAt };
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= hashPassword('not a password anyone has', this.#hashCost);
    return this.#dummyHash;
  }
}

const taken = (username: string) => new RelayError(ErrorCode.usernameTaken, `The name "${username}" is taken`);
