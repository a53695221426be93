// The relay against the HTTP contract (protocol/http/routes.ts): answers match their schemas and
// carry nothing else, and input that fails its schema is told apart as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../protocol/http/routes.ts';
import { api, apiOk, createGroup, register } from '../helpers/api.ts';
import { startRelay, type TestRelay } from '../helpers/relay.ts';

let relay: TestRelay;
let counter = 0;
const user = (prefix = 'contract') => register(relay, `${prefix}${++counter}`);

beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  await relay.stop();
});

describe('answers', () => {
  it('every answer parses with its route schema, times included', async () => {
    const ann = await user();
    const group = await createGroup(relay, ann, { name: 'Contract', visibility: 'public' });
    const path = `/api/conversations/${group.id}`;
    const answers: Array<[unknown, { safeParse(value: unknown): { success: boolean } }]> = [
      [await apiOk(relay, 'GET', '/api/me', 200, { token: ann }), routes.me.response],
      [await apiOk(relay, 'GET', '/api/presence', 200, { token: ann }), routes.presence.response],
      [await apiOk(relay, 'GET', '/api/users?q=contract', 200, { token: ann }), routes.searchUsers.response],
      [await apiOk(relay, 'GET', '/api/conversations', 200, { token: ann }), routes.conversations.response],
      [group, routes.createGroup.response],
      [await apiOk(relay, 'GET', `${path}/members`, 200, { token: ann }), routes.members.response],
      [await apiOk(relay, 'POST', `${path}/invite-links`, 201, { token: ann, body: {} }), routes.createInviteLink.response],
      [await apiOk(relay, 'GET', `${path}/bans`, 200, { token: ann }), routes.bans.response],
    ];
    for (const [body, schema] of answers) expect(schema.safeParse(body).success, JSON.stringify(body)).toBe(true);
    expect(group.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('an answer carries only the fields its schema names', async () => {
    const ann = await user();
    const found = await apiOk(relay, 'GET', `/api/users?q=${ann.username}`, 200, { token: ann });
    expect(found.users).toEqual([{ id: ann.userId, username: ann.username }]);
    const me = await apiOk(relay, 'GET', '/api/me', 200, { token: ann });
    expect(Object.keys(me).sort()).toEqual(['createdAt', 'id', 'username']);
  });
});

describe('input that fails its schema', () => {
  it.each([
    ['POST', '/api/conversations', { name: '', visibility: 'public' }, 'Invalid group (name): A group needs a name'],
    ['POST', '/api/conversations/c:bad/join', undefined, 'Invalid path (id): not a conversation id'],
    ['PATCH', '/api/conversations/k0000000000000000', { owner: 'me' }, 'Invalid group settings: Unrecognized key: "owner"'],
    ['GET', '/api/users?q=%20', undefined, 'Invalid search (q): Type the start of a name'],
    ['POST', `/api/invite-links/${'A'.repeat(42)}/accept`, undefined, 'Invalid path (token): not an invite token'],
  ])('%s %s answers 400 invalid_request naming what and where', async (method, path, body, message) => {
    const ann = await user();
    const response = await api(relay, method, path, { token: ann, body });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_request', message });
  });

  it('a missing body is read as {}: it names the field it lacks, or takes the defaults', async () => {
    const logout = await api(relay, 'POST', '/api/auth/logout');
    expect(logout.status).toBe(400);
    expect(logout.body).toEqual({
      error: 'invalid_request',
      message: 'Invalid sign-out (refreshToken): Invalid input: expected string, received undefined',
    });
    const ann = await user();
    const group = await createGroup(relay, ann);
    expect((await api(relay, 'POST', `/api/conversations/${group.id}/invite-links`, { token: ann })).status).toBe(201);
  });

  it('a signed-in route checks the token before it reads the input', async () => {
    const response = await api(relay, 'POST', '/api/conversations', { body: { name: '' } });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('token_missing');
  });
});
