// Talks to a test relay's JSON API over real HTTP: accounts, groups and DMs in one call each;
// and mints the bad access tokens the authorization tests need.
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { TokenService, type AccessClaims } from '../../relay/auth/tokens.ts';
import type { TestRelay } from './relay.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  userId: string;
  username: string;
  accessToken: string;
  refreshToken: string;
}

// Tests read answer bodies field by field and assert on them; `any` by default keeps that terse.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** One request; `token` becomes `Authorization: Bearer <token>`. Never throws on an error status. */
export async function api<T = any>(
  relay: Pick<TestRelay, 'httpUrl'>,
  method: string,
  path: string,
  options: { token?: string | TestUser; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const token = typeof options.token === 'object' ? options.token.accessToken : options.token;
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Like `api`, but throws unless the status is `expected`. */
export async function apiOk<T = any>(
  relay: Pick<TestRelay, 'httpUrl'>,
  method: string,
  path: string,
  expected: number,
  options: { token?: string | TestUser; body?: unknown } = {},
): Promise<T> {
  const response = await api<T>(relay, method, path, options);
  if (response.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

export async function register(relay: Pick<TestRelay, 'httpUrl'>, username: string, password = TEST_PASSWORD): Promise<TestUser> {
  const body = await apiOk(relay, 'POST', '/api/auth/register', 201, { body: { username, password } });
  return { userId: body.user.id, username: body.user.username, accessToken: body.accessToken, refreshToken: body.refreshToken };
}

export interface ConversationJson {
  id: string;
  kind: 'dm' | 'group';
  name: string | null;
  topic: string;
  visibility: 'public' | 'private';
  role: 'admin' | 'moderator' | 'member';
  memberCount: number;
  createdAt: string;
  otherUser: { id: string; username: string } | null;
}

export async function createGroup(
  relay: Pick<TestRelay, 'httpUrl'>,
  owner: TestUser,
  input: { name?: string; topic?: string; visibility?: 'public' | 'private' } = {},
): Promise<ConversationJson> {
  const body = { name: input.name ?? 'Test group', topic: input.topic ?? '', visibility: input.visibility ?? 'private' };
  return apiOk(relay, 'POST', '/api/conversations', 201, { token: owner, body });
}

/** The DM between `from` and `to` (created or existing). */
export async function createDm(relay: Pick<TestRelay, 'httpUrl'>, from: TestUser, to: TestUser | string): Promise<ConversationJson> {
  const response = await api<ConversationJson>(relay, 'POST', '/api/dms', {
    token: from,
    body: { username: typeof to === 'string' ? to : to.username },
  });
  if (response.status !== 200 && response.status !== 201)
    throw new Error(`POST /api/dms: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Adds `user` to a group by name, as `by` (an admin or moderator). */
export async function addMember(relay: Pick<TestRelay, 'httpUrl'>, conversationId: string, by: TestUser, user: TestUser): Promise<void> {
  await apiOk(relay, 'POST', `/api/conversations/${conversationId}/invites`, 201, { token: by, body: { username: user.username } });
}

/** The claims of `user`'s current access token: user, name and session. */
export function claimsOf(user: TestUser): AccessClaims {
  const payload = decodeJwt(user.accessToken);
  return { userId: String(payload.sub), username: String(payload['name']), sessionId: String(payload['sid']) };
}

/** An access token for `user`'s session signed with the relay's key that expired a minute ago. */
export function expiredToken(relay: Pick<TestRelay, 'tokens'>, user: TestUser): Promise<string> {
  return relay.tokens.issueAccess(claimsOf(user), { expiresInSeconds: -60 });
}

/** A well-formed, unexpired access token for `user`, signed with a key the relay does not have. */
export function forgedToken(user: TestUser): Promise<string> {
  return new TokenService({ ACCESS_TOKEN_TTL_SECONDS: 900 }, randomBytes(32)).issueAccess(claimsOf(user));
}
