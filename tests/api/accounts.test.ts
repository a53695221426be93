// Accounts over HTTP: register, log in, refresh rotation, log out, access tokens, signing keys.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../relay/auth/tokens.ts';
import { TEST_PASSWORD, api, apiOk, createDm, createGroup, expiredToken, forgedToken, register } from '../helpers/api.ts';
import { freshDatabase } from '../helpers/database.ts';
import { startRelay, type TestRelay } from '../helpers/relay.ts';

let relay: TestRelay;
let counter = 0;
const uniqueName = (prefix: string) => `${prefix}${++counter}`;

beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  await relay.stop();
});

describe('registration', () => {
  it('R-ACCT-1: a new account gets a session and can read /api/me', async () => {
    const response = await api(relay, 'POST', '/api/auth/register', { body: { username: 'Alice', password: TEST_PASSWORD } });
    expect(response.status).toBe(201);
    expect(response.body.user).toEqual({ id: expect.stringMatching(/^u[0-9a-z]{16}$/), username: 'Alice' });
    expect(response.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(response.body.accessExpiresAt)).toBeGreaterThan(Date.now());
    const me = await api(relay, 'GET', '/api/me', { token: response.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: response.body.user.id, username: 'Alice' });
  });

  it('R-ACCT-2: a name taken in another letter case is username_taken', async () => {
    await register(relay, 'Bobby');
    const response = await api(relay, 'POST', '/api/auth/register', { body: { username: 'bOBBY', password: TEST_PASSWORD } });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: 'username_taken', message: expect.stringContaining('bOBBY') });
  });

  it.each([
    ['too short', 'short1'],
    ['the username itself', 'weakling-user'],
    ['a common password', 'password123'],
  ])('R-ACCT-1: a password that is %s is weak_password with a reason', async (_, password) => {
    const response = await api(relay, 'POST', '/api/auth/register', { body: { username: 'weakling-user', password } });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('weak_password');
    expect(response.body.message.length).toBeGreaterThan(10);
  });

  it('R-ACCT-1: a username with a colon or a space is invalid_username', async () => {
    for (const username of ['has:colon', 'has space', 'ab']) {
      const response = await api(relay, 'POST', '/api/auth/register', { body: { username, password: TEST_PASSWORD } });
      expect(response.body.error).toBe('invalid_username');
    }
  });

  it('a body that is not the expected shape is invalid_request', async () => {
    const missing = await api(relay, 'POST', '/api/auth/register', { body: { username: 'nopass' } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('password') });
    const notJson = await api(relay, 'POST', '/api/auth/register', { body: undefined, headers: { 'content-type': 'application/json' } });
    expect(notJson.body.error).toBe('invalid_request');
  });
});

describe('login and logout', () => {
  it('R-ACCT-2: logging in with any letter case of the name returns a working session', async () => {
    const user = await register(relay, uniqueName('Carol'));
    const response = await api(relay, 'POST', '/api/auth/login', {
      body: { username: user.username.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(user.userId);
    expect((await api(relay, 'GET', '/api/me', { token: response.body.accessToken })).status).toBe(200);
  });

  it('R-ACCT-3: a wrong password and an unknown name are the same invalid_credentials', async () => {
    const user = await register(relay, uniqueName('dave'));
    const wrong = await api(relay, 'POST', '/api/auth/login', { body: { username: user.username, password: 'not the password' } });
    const unknown = await api(relay, 'POST', '/api/auth/login', { body: { username: 'nobody-here', password: TEST_PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toBe('invalid_credentials');
  });

  it('R-ACCT-6: after logout the refresh token is token_revoked', async () => {
    const user = await register(relay, uniqueName('erin'));
    expect((await api(relay, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
    const refreshed = await api(relay, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(refreshed.status).toBe(401);
    expect(refreshed.body.error).toBe('token_revoked');
  });

  it("R-ACCT-6: logging out one session leaves the user's other sessions working", async () => {
    const user = await register(relay, uniqueName('fay'));
    const other = await api(relay, 'POST', '/api/auth/login', { body: { username: user.username, password: TEST_PASSWORD } });
    await api(relay, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } });
    const refreshed = await api(relay, 'POST', '/api/auth/refresh', { body: { refreshToken: other.body.refreshToken } });
    expect(refreshed.status).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('R-ACCT-4: a refresh returns a new pair and the new refresh token works in turn', async () => {
    const user = await register(relay, uniqueName('gus'));
    const first = await api(relay, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    expect(first.body.user).toEqual({ id: user.userId, username: user.username });
    expect((await api(relay, 'GET', '/api/me', { token: first.body.accessToken })).status).toBe(200);
    const second = await api(relay, 'POST', '/api/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(second.status).toBe(200);
  });

  it('R-ACCT-5: reusing a rotated refresh token is token_reused and revokes the whole family', async () => {
    const user = await register(relay, uniqueName('hal'));
    const rotated = await api(relay, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    const reuse = await api(relay, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error).toBe('token_reused');
    // The legitimate holder's newer token dies with the family.
    const newer = await api(relay, 'POST', '/api/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } });
    expect(newer.status).toBe(401);
    expect(newer.body.error).toBe('token_revoked');
  });

  it('R-ACCT-4: an unknown refresh token is token_invalid', async () => {
    const response = await api(relay, 'POST', '/api/auth/refresh', { body: { refreshToken: randomBytes(32).toString('base64url') } });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('token_invalid');
  });

  it('R-ACCT-4: an expired refresh token is token_expired', async () => {
    const short = await startRelay({ REFRESH_TOKEN_TTL_SECONDS: '1' });
    try {
      const user = await register(short, 'ivy');
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const response = await api(short, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('token_expired');
    } finally {
      await short.stop();
    }
  });
});

describe('access tokens', () => {
  it('R-ACCT-7: no token is 401 token_missing', async () => {
    const response = await api(relay, 'GET', '/api/me');
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('token_missing');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('R-ACCT-7: an expired token is 401 token_expired', async () => {
    const user = await register(relay, uniqueName('jay'));
    const response = await api(relay, 'GET', '/api/me', { token: await expiredToken(relay, user) });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('token_expired');
  });

  it('R-ACCT-7: a token signed with another key is 401 token_invalid', async () => {
    const user = await register(relay, uniqueName('kim'));
    const response = await api(relay, 'GET', '/api/me', { token: await forgedToken(user) });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('token_invalid');
  });

  it('R-ACCT-7: an Authorization header that is not a bearer token is token_invalid', async () => {
    const response = await api(relay, 'GET', '/api/me', { headers: { authorization: 'Basic YWxpY2U6c2VjcmV0' } });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('token_invalid');
  });
});

describe('signing key', () => {
  it('R-ACCT-8: a generated key is kept in DATA_DIR with mode 0600 and tokens survive a restart', async () => {
    const database = await freshDatabase();
    try {
      const first = await startRelay({}, { database });
      const user = await register(first, 'lee');
      await first.stop();
      const mode = (await stat(join(database.dataDir, 'jwt-secret'))).mode & 0o777;
      expect(mode).toBe(0o600);
      const second = await startRelay({}, { database });
      try {
        const me = await api(second, 'GET', '/api/me', { token: user });
        expect(me.status).toBe(200);
        expect(me.body.username).toBe('lee');
      } finally {
        await second.stop();
      }
    } finally {
      await database.cleanup();
    }
  });

  it('R-ACCT-8: JWT_SECRET, when set, signs the tokens and no key file is written', async () => {
    const secret = 'a-very-long-shared-secret-for-several-relays';
    const withSecret = await startRelay({ JWT_SECRET: secret });
    try {
      const user = await register(withSecret, 'max');
      const sibling = new TokenService({ ACCESS_TOKEN_TTL_SECONDS: 900 }, new TextEncoder().encode(secret));
      expect(await sibling.verifyAccess(user.accessToken)).toMatchObject({ ok: true, claims: { userId: user.userId } });
      await expect(stat(join(withSecret.database.dataDir, 'jwt-secret'))).rejects.toThrow(/ENOENT/);
    } finally {
      await withSecret.stop();
    }
  });
});

describe('users', () => {
  it('search finds users by name prefix, in any letter case, at most 20', async () => {
    for (let i = 0; i < 22; i++) await register(relay, `zed_${String(i).padStart(2, '0')}`);
    const me = await register(relay, uniqueName('searcher'));
    const response = await api(relay, 'GET', '/api/users?q=ZED_', { token: me });
    expect(response.status).toBe(200);
    expect(response.body.users).toHaveLength(20);
    expect(response.body.users.every((u: { username: string }) => u.username.startsWith('zed_'))).toBe(true);
    const one = await api(relay, 'GET', '/api/users?q=zed_07', { token: me });
    expect(one.body.users).toEqual([{ id: expect.any(String), username: 'zed_07' }]);
  });

  it('an underscore in the search is a literal character, not a wildcard', async () => {
    await register(relay, 'wild_card');
    await register(relay, 'wildxcard');
    const me = await register(relay, uniqueName('seeker'));
    const response = await api(relay, 'GET', '/api/users?q=wild_', { token: me });
    expect(response.body.users.map((u: { username: string }) => u.username)).toEqual(['wild_card']);
  });

  it('search needs a signed-in user and a query', async () => {
    expect((await api(relay, 'GET', '/api/users?q=a')).body.error).toBe('token_missing');
    const me = await register(relay, uniqueName('quiet'));
    expect((await api(relay, 'GET', '/api/users', { token: me })).body.error).toBe('invalid_request');
  });

  it('last seen moves forward only', async () => {
    const user = await register(relay, uniqueName('nia'));
    expect((await relay.accounts.lastSeen([user.userId])).get(user.userId)).toBeNull();
    await relay.accounts.setLastSeen(user.userId, new Date('2030-01-02T00:00:00Z'));
    await relay.accounts.setLastSeen(user.userId, new Date('2030-01-01T00:00:00Z'));
    const seen = await relay.accounts.lastSeen([user.userId, 'u0000000000000000']);
    expect(seen.get(user.userId)?.toISOString()).toBe('2030-01-02T00:00:00.000Z');
    expect(seen.has('u0000000000000000')).toBe(false);
  });
});

describe('deleting an account', () => {
  it('R-ACCT-11: with the password, the account leaves its groups, keeps its DMs for the other person, frees its name and is signed out', async () => {
    const name = uniqueName('leaver');
    const leaver = await register(relay, name);
    const friend = await register(relay, uniqueName('friend'));
    const group = await createGroup(relay, friend, { name: 'Stays', visibility: 'public' });
    await apiOk(relay, 'POST', `/api/conversations/${group.id}/join`, 200, { token: leaver });
    const dm = await createDm(relay, friend, leaver);

    const wrong = await api(relay, 'DELETE', '/api/me', { token: leaver, body: { password: 'not the password at all' } });
    expect([wrong.status, wrong.body.error]).toEqual([401, 'invalid_credentials']);
    expect((await api(relay, 'GET', '/api/me', { token: leaver })).status).toBe(200);

    expect((await api(relay, 'DELETE', '/api/me', { token: leaver, body: { password: TEST_PASSWORD } })).status).toBe(204);
    expect((await api(relay, 'GET', '/api/me', { token: leaver })).body.error).toBe('token_revoked');
    expect((await api(relay, 'POST', '/api/auth/login', { body: { username: name, password: TEST_PASSWORD } })).body.error).toBe(
      'invalid_credentials',
    );
    expect((await api(relay, 'GET', `/api/users?q=${name}`, { token: friend })).body.users).toEqual([]);
    expect(await relay.conversations.roleOf(group.id, leaver.userId)).toBeNull();
    const friends = (await apiOk(relay, 'GET', '/api/conversations', 200, { token: friend })).conversations;
    expect(friends.find((c: { id: string }) => c.id === group.id)).toMatchObject({ memberCount: 1 });
    expect(friends.find((c: { id: string }) => c.id === dm.id)).toMatchObject({ memberCount: 2 });
    // The name is free for someone new, who is not the deleted account.
    const newcomer = await register(relay, name);
    expect(newcomer.userId).not.toBe(leaver.userId);
  });

  it('R-ACCT-11: the only admin of a group others are in is told which, and nothing changes', async () => {
    const admin = await register(relay, uniqueName('keeper'));
    const member = await register(relay, uniqueName('member'));
    const held = await createGroup(relay, admin, { name: 'Held open', visibility: 'public' });
    const alone = await createGroup(relay, admin, { name: 'Just me' });
    await apiOk(relay, 'POST', `/api/conversations/${held.id}/join`, 200, { token: member });
    const refused = await api(relay, 'DELETE', '/api/me', { token: admin, body: { password: TEST_PASSWORD } });
    expect([refused.status, refused.body.error]).toEqual([409, 'last_admin']);
    expect(refused.body.message).toContain('"Held open"');
    expect(refused.body.message).not.toContain('Just me');
    expect(await relay.conversations.roleOf(held.id, admin.userId)).toBe('admin');
    expect(await relay.conversations.roleOf(alone.id, admin.userId)).toBe('admin');
    expect((await api(relay, 'GET', '/api/me', { token: admin })).status).toBe(200);
  });
});

describe('API errors', () => {
  it('an unknown /api route is a JSON 404, not the app shell', async () => {
    const response = await api(relay, 'GET', '/api/nope');
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('not_found');
  });
});
