// Sessions end for real: after logout or a password change, that session's access tokens stop
// working on HTTP and on the relay, and its open sockets are closed. Real relay, real sockets.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { inboxDocName } from '../model/doc-names.ts';
import { CloseCode } from '../protocol/close-codes.ts';
import { TEST_PASSWORD, api, register, type TestUser } from './helpers/api.ts';
import { attemptFrames } from './helpers/raw-socket.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let counter = 0;
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  relay = await startRelay();
});
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(async () => {
  await relay.stop();
});

interface OpenInbox {
  /** Close codes the relay sent this provider, in order. */
  closes: number[];
}

/** `user`'s inbox open through a stock provider with `token`, synced. */
async function openInbox(user: TestUser, token: string): Promise<OpenInbox> {
  const provider = new WebsocketProvider(relay.wsUrl, inboxDocName(user.userId), new Y.Doc(), {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { token },
  });
  providers.push(provider);
  const closes: number[] = [];
  provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closes.push(event.code);
  });
  await waitFor(() => provider.synced, `${user.username}'s inbox to sync`);
  return { closes };
}

async function secondSession(user: TestUser, password = TEST_PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
  const login = await api(relay, 'POST', '/api/auth/login', { body: { username: user.username, password } });
  expect(login.status).toBe(200);
  return login.body;
}

const me = (token: string) => api(relay, 'GET', '/api/me', { token });

/** A new user signed in twice, each session with its inbox open. */
async function signedInTwice(name: string) {
  const user = await register(relay, `${name}${++counter}`);
  const other = await secondSession(user);
  return { user, other, first: await openInbox(user, user.accessToken), second: await openInbox(user, other.accessToken) };
}

describe('logout', () => {
  it("R-ACCT-9: ends that session's access token on HTTP and the relay and closes its sockets; the user's other session keeps working", async () => {
    const { user, other, first: leaving, second: staying } = await signedInTwice('lou');

    expect((await api(relay, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);

    await waitFor(() => leaving.closes.includes(CloseCode.unauthorized), 'the signed-out session to be disconnected');
    const refused = await me(user.accessToken);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('token_revoked');
    expect(await attemptFrames(relay.wsUrl, user.accessToken, inboxDocName(user.userId), [], sockets)).toMatchObject({
      code: CloseCode.unauthorized,
      denied: 'token_revoked',
    });
    expect((await me(other.accessToken)).status).toBe(200);
    expect(staying.closes).toEqual([]);
  });
});

describe('password change', () => {
  it('R-ACCT-10: checks the current password and the new one, then signs out every session and starts a new one', async () => {
    const { user, other, first, second } = await signedInTwice('pat');
    const newPassword = 'a different horse battery';

    const wrong = await api(relay, 'POST', '/api/auth/password', {
      token: user.accessToken,
      body: { currentPassword: 'not it at all', newPassword },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_credentials');
    const weak = await api(relay, 'POST', '/api/auth/password', {
      token: user.accessToken,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'password' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toBe('weak_password');
    expect((await me(other.accessToken)).status).toBe(200);

    const changed = await api(relay, 'POST', '/api/auth/password', {
      token: user.accessToken,
      body: { currentPassword: TEST_PASSWORD, newPassword },
    });
    expect(changed.status).toBe(200);

    await waitFor(
      () => first.closes.includes(CloseCode.unauthorized) && second.closes.includes(CloseCode.unauthorized),
      'both sessions to be disconnected',
    );
    for (const token of [user.accessToken, other.accessToken]) expect((await me(token)).body.error).toBe('token_revoked');
    for (const refreshToken of [user.refreshToken, other.refreshToken]) {
      expect((await api(relay, 'POST', '/api/auth/refresh', { body: { refreshToken } })).body.error).toBe('token_revoked');
    }
    expect((await me(changed.body.accessToken)).status).toBe(200);
    await openInbox(user, changed.body.accessToken);
    expect((await api(relay, 'POST', '/api/auth/login', { body: { username: user.username, password: TEST_PASSWORD } })).status).toBe(401);
    await secondSession(user, newPassword);
  });

  it('R-ACCT-10: needs a signed-in session', async () => {
    const response = await api(relay, 'POST', '/api/auth/password', {
      body: { currentPassword: TEST_PASSWORD, newPassword: 'a different horse battery' },
    });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('token_missing');
  });
});
