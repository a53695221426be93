// The signed-in user and their tokens, kept in localStorage so the app opens offline after a
// reload. One instance per tab (`session`); tabs follow each other through the storage event.
import type { z } from 'zod';
import { session as storedSession, type Session as SessionTokens, type User } from '#protocol/http/accounts.ts';
import { createApiClient } from '../api/client.ts';
import { ApiError, apiRequest, type RequestOptions } from '../api/request.ts';
import { readJson } from '../storage/local-json.ts';
import { createRefresher, SignedOutError, type Lock, type TokenStore } from './token-refresh.ts';

const STORAGE_KEY = 'parley:session';
/** Refresh answers that end the session: the refresh token is gone for good. */
const FATAL_CODES = new Set(['token_invalid', 'token_expired', 'token_revoked', 'token_reused', 'token_missing']);
/** API answers after which a request is retried once with a refreshed access token. */
const RETRY_CODES = new Set(['token_expired', 'token_invalid']);

const readStored = (): SessionTokens | null => readJson(STORAGE_KEY, storedSession, null);

/** navigator.locks serializes the refresh across tabs; without it (old browsers) only within this tab. */
const browserLock: Lock = async (task) =>
  typeof navigator !== 'undefined' && navigator.locks ? await navigator.locks.request('parley-refresh', task) : task();

export class Session {
  current = $state.raw<SessionTokens | null>(readStored());

  readonly #store: TokenStore = {
    read: readStored,
    write: (next) => {
      if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      else localStorage.removeItem(STORAGE_KEY);
      this.current = next;
    },
  };

  readonly #refresher = createRefresher({
    store: this.#store,
    lock: browserLock,
    refresh: (refreshToken) => this.api.refresh(refreshToken),
    isFatal: (error) => error instanceof ApiError && FATAL_CODES.has(error.code),
  });

  /** The relay's /api; routes that need the access token get it from here. */
  readonly api = createApiClient((path, answer, { authorized, ...options }) =>
    authorized ? this.#authorized(path, answer, options) : apiRequest(path, answer, options),
  );

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (event) => {
        if (event.key === STORAGE_KEY) this.current = readStored();
      });
    }
  }

  get me(): User | null {
    return this.current?.user ?? null;
  }

  async register(username: string, password: string): Promise<void> {
    this.#store.write(await this.api.register({ username, password }));
  }

  async signIn(username: string, password: string): Promise<void> {
    this.#store.write(await this.api.signIn({ username, password }));
  }

  /**
   * Sets a new password. The relay signs out every session of the account, this one too, and
   * answers with a new one: this tab (and this browser's other tabs) go on with it, other devices
   * are signed out.
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    this.#store.write(await this.api.changePassword(currentPassword, newPassword));
  }

  /** Deletes the account on the relay, then forgets everything local like a sign-out. */
  async deleteAccount(password: string): Promise<void> {
    await this.api.deleteAccount(password);
    this.#store.write(null);
    clearUserData();
  }

  /** Revokes the refresh token on the relay (when reachable) and forgets everything local. */
  async signOut(): Promise<void> {
    const refreshToken = this.current?.refreshToken;
    this.#store.write(null);
    clearUserData();
    if (refreshToken) await this.api.signOut(refreshToken).catch(() => {});
  }

  /** A valid access token for the relay; `rejected` is one the relay just refused (see token-refresh.ts). */
  getToken = (rejected?: string): Promise<string> => this.#refresher.accessToken(rejected);

  /** A request with the access token, retried once with a new token when the relay refused it. */
  async #authorized<S extends z.ZodType>(path: string, answer: S, options: Omit<RequestOptions, 'token'>): Promise<z.output<S>> {
    const token = await this.getToken().catch((error: unknown) => {
      // Offline with an expired token: the request fails like any offline request.
      if (error instanceof SignedOutError) throw error;
      return this.current?.accessToken;
    });
    try {
      return await apiRequest(path, answer, { ...options, token });
    } catch (error) {
      if (!(error instanceof ApiError) || !RETRY_CODES.has(error.code) || !token) throw error;
      return apiRequest(path, answer, { ...options, token: await this.getToken(token) });
    }
  }
}

/** Cached lists and local document copies belong to the user who signed out, not the next one. */
function clearUserData(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('parley:') && key !== 'parley:theme') localStorage.removeItem(key);
  void indexedDB.databases?.().then((databases) => {
    for (const { name } of databases) if (name && /^[ci]:/.test(name)) indexedDB.deleteDatabase(name);
  });
}

export const session = new Session();
