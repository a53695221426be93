// Conversations over HTTP: DMs, groups, joining, invites, leaving, roles, removal, bans, and the
// membership events the WebSocket side listens to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationChange } from '../../relay/conversations/conversation-service.ts';
import { addMember, api, apiOk, createDm, createGroup, register, type TestUser } from '../helpers/api.ts';
import { startRelay, type TestRelay } from '../helpers/relay.ts';

let relay: TestRelay;
let counter = 0;
const user = (prefix = 'user') => register(relay, `${prefix}${++counter}`);

beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  await relay.stop();
});

const path = (conversationId: string, rest = '') => `/api/conversations/${conversationId}${rest}`;

async function roleOf(conversationId: string, member: TestUser) {
  return relay.conversations.roleOf(conversationId, member.userId);
}

describe('direct messages', () => {
  it('R-CONV-1: the same pair gets the same DM, whoever starts it', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const first = await api(relay, 'POST', '/api/dms', { token: ann, body: { username: ben.username } });
    expect(first.status).toBe(201);
    const again = await api(relay, 'POST', '/api/dms', { token: ann, body: { username: ben.username.toUpperCase() } });
    expect(again.status).toBe(200);
    const reverse = await createDm(relay, ben, ann);
    expect(again.body.id).toBe(first.body.id);
    expect(reverse.id).toBe(first.body.id);
    expect(first.body).toMatchObject({
      kind: 'dm',
      name: null,
      visibility: 'private',
      role: 'member',
      memberCount: 2,
      otherUser: { id: ben.userId, username: ben.username },
    });
    expect(reverse.otherUser).toEqual({ id: ann.userId, username: ann.username });
  });

  it('R-CONV-1: DMs started at the same moment still end up as one', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const both = await Promise.all([createDm(relay, ann, ben), createDm(relay, ben, ann), createDm(relay, ann, ben)]);
    expect(new Set(both.map((dm) => dm.id)).size).toBe(1);
    expect(await relay.conversations.membersOf(both[0]!.id)).toHaveLength(2);
  });

  it('a DM with an unknown user is not_found, and with yourself invalid_request', async () => {
    const ann = await user('ann');
    expect((await api(relay, 'POST', '/api/dms', { token: ann, body: { username: 'nobody-at-all' } })).body.error).toBe('not_found');
    expect((await api(relay, 'POST', '/api/dms', { token: ann, body: { username: ann.username } })).body.error).toBe('invalid_request');
  });

  it('R-CONV-1: nobody joins, leaves, is removed from or is banned from a DM', async () => {
    const [ann, ben, cat] = [await user('ann'), await user('ben'), await user('cat')];
    const dm = await createDm(relay, ann, ben);
    expect((await api(relay, 'POST', path(dm.id, '/leave'), { token: ann })).body.error).toBe('dm_membership_fixed');
    expect((await api(relay, 'DELETE', path(dm.id, `/members/${ben.userId}`), { token: ann })).body.error).toBe('dm_membership_fixed');
    expect((await api(relay, 'POST', path(dm.id, '/bans'), { token: ann, body: { userId: ben.userId } })).body.error).toBe(
      'dm_membership_fixed',
    );
    expect((await api(relay, 'POST', path(dm.id, '/invites'), { token: ann, body: { username: cat.username } })).body.error).toBe(
      'dm_membership_fixed',
    );
    expect((await api(relay, 'POST', path(dm.id, '/join'), { token: cat })).body.error).toBe('forbidden');
    expect(await relay.conversations.membersOf(dm.id)).toHaveLength(2);
  });

  it('R-CONV-1: to someone outside a DM, settings, invites and invite links answer 404 and never say it is a DM', async () => {
    const [ann, ben, cat] = [await user('ann'), await user('ben'), await user('cat')];
    const dm = await createDm(relay, ann, ben);
    const attempts = [
      await api(relay, 'PATCH', path(dm.id, ''), { token: cat, body: { name: 'Mine now' } }),
      await api(relay, 'POST', path(dm.id, '/invites'), { token: cat, body: { username: cat.username } }),
      await api(relay, 'POST', path(dm.id, '/invite-links'), { token: cat, body: {} }),
      await api(relay, 'PATCH', path(dm.id, `/members/${ben.userId}`), { token: cat, body: { role: 'admin' } }),
      await api(relay, 'DELETE', path(dm.id, `/members/${ben.userId}`), { token: cat }),
      await api(relay, 'POST', path(dm.id, '/bans'), { token: cat, body: { userId: ben.userId } }),
    ];
    for (const response of attempts)
      expect({ status: response.status, error: response.body.error }).toEqual({ status: 404, error: 'not_found' });
    expect((await api(relay, 'PATCH', path(dm.id, ''), { token: ann, body: { name: 'Ours' } })).body.error).toBe('dm_membership_fixed');
  });
});

describe('groups', () => {
  it('R-CONV-2: the creator of a group is its admin and sees it in their list', async () => {
    const ann = await user('ann');
    const group = await createGroup(relay, ann, { name: '  Book club  ', topic: 'Monthly reads', visibility: 'public' });
    expect(group).toMatchObject({
      id: expect.stringMatching(/^k[0-9a-z]{16}$/),
      kind: 'group',
      name: 'Book club',
      topic: 'Monthly reads',
      visibility: 'public',
      role: 'admin',
      memberCount: 1,
      otherUser: null,
    });
    const list = await apiOk(relay, 'GET', '/api/conversations', 200, { token: ann });
    expect(list.conversations.map((c: { id: string }) => c.id)).toContain(group.id);
  });

  it.each([
    [{ name: '', visibility: 'public' }, /name/],
    [{ name: 'x'.repeat(81), visibility: 'public' }, /80/],
    [{ name: 'ok', topic: 't'.repeat(301), visibility: 'public' }, /300/],
    [{ name: 'ok', visibility: 'secret' }, /visibility/],
    [{ name: 'two\nlines', visibility: 'public' }, /control/],
  ])('a group %o is invalid_request', async (body, message) => {
    const ann = await user('ann');
    const response = await api(relay, 'POST', '/api/conversations', { token: ann, body });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.message).toMatch(message);
  });

  it('the list shows each conversation with my role and its member count', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann, { visibility: 'public' });
    await apiOk(relay, 'POST', path(group.id, '/join'), 200, { token: ben });
    const dm = await createDm(relay, ben, ann);
    const list = (await apiOk(relay, 'GET', '/api/conversations', 200, { token: ben })).conversations;
    expect(list).toHaveLength(2);
    expect(list.find((c: { id: string }) => c.id === group.id)).toMatchObject({ role: 'member', memberCount: 2, kind: 'group' });
    expect(list.find((c: { id: string }) => c.id === dm.id)).toMatchObject({ kind: 'dm', otherUser: { id: ann.userId } });
  });

  it('R-CONV-3: anyone signed in can join a public group', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann, { visibility: 'public' });
    const joined = await api(relay, 'POST', path(group.id, '/join'), { token: ben });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ id: group.id, role: 'member', memberCount: 2 });
    expect((await api(relay, 'POST', path(group.id, '/join'), { token: ben })).body.error).toBe('already_member');
  });

  it('R-CONV-3: nobody can join a private group without an invite', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann, { visibility: 'private' });
    const response = await api(relay, 'POST', path(group.id, '/join'), { token: ben });
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('forbidden');
    expect(await roleOf(group.id, ben)).toBeNull();
  });

  it('joining a conversation that does not exist is not_found; a malformed id is invalid_request', async () => {
    const ann = await user('ann');
    expect((await api(relay, 'POST', path('k0000000000000000', '/join'), { token: ann })).status).toBe(404);
    expect((await api(relay, 'POST', path('c:bad', '/join'), { token: ann })).body.error).toBe('invalid_request');
  });

  it('only members see who is in a private group; anyone sees a public one', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const secret = await createGroup(relay, ann, { visibility: 'private' });
    const open = await createGroup(relay, ann, { visibility: 'public' });
    expect((await api(relay, 'GET', path(secret.id, '/members'), { token: ben })).status).toBe(403);
    const members = await apiOk(relay, 'GET', path(open.id, '/members'), 200, { token: ben });
    expect(members.members).toEqual([{ userId: ann.userId, username: ann.username, role: 'admin', joinedAt: expect.any(String) }]);
  });
});

describe('invites', () => {
  it('R-CONV-4: an admin invites someone to a private group by name, in any letter case', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann);
    const response = await api(relay, 'POST', path(group.id, '/invites'), { token: ann, body: { username: ben.username.toUpperCase() } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ userId: ben.userId, username: ben.username, role: 'member' });
    expect(await roleOf(group.id, ben)).toBe('member');
    const again = await api(relay, 'POST', path(group.id, '/invites'), { token: ann, body: { username: ben.username } });
    expect(again.body.error).toBe('already_member');
  });

  it('R-CONV-4: a plain member cannot invite', async () => {
    const [ann, ben, cat] = [await user('ann'), await user('ben'), await user('cat')];
    const group = await createGroup(relay, ann);
    await addMember(relay, group.id, ann, ben);
    const response = await api(relay, 'POST', path(group.id, '/invites'), { token: ben, body: { username: cat.username } });
    expect(response.status).toBe(403);
    expect(await roleOf(group.id, cat)).toBeNull();
  });

  it('R-CONV-4: an invite link lets its holder join a private group', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann);
    const link = await apiOk(relay, 'POST', path(group.id, '/invite-links'), 201, { token: ann });
    expect(link.url).toBe(`${relay.httpUrl}/invite/${link.token}`);
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const accepted = await api(relay, 'POST', `/api/invite-links/${link.token}/accept`, { token: ben });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: group.id, role: 'member', memberCount: 2 });
  });

  it('invite links use PUBLIC_URL when it is set', async () => {
    const behindProxy = await startRelay({ PUBLIC_URL: 'https://chat.example.org/' });
    try {
      const ann = await register(behindProxy, 'ann');
      const group = await createGroup(behindProxy, ann);
      const link = await apiOk(behindProxy, 'POST', path(group.id, '/invite-links'), 201, { token: ann });
      expect(link.url).toBe(`https://chat.example.org/invite/${link.token}`);
    } finally {
      await behindProxy.stop();
    }
  });

  it('R-CONV-4: an expired invite link is invite_expired, an unknown one not_found', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann);
    const expired = await relay.conversations.createInviteLink(ann.userId, group.id, -1);
    const response = await api(relay, 'POST', `/api/invite-links/${expired.token}/accept`, { token: ben });
    expect(response.status).toBe(410);
    expect(response.body.error).toBe('invite_expired');
    const unknown = await api(relay, 'POST', `/api/invite-links/${'A'.repeat(43)}/accept`, { token: ben });
    expect(unknown.body.error).toBe('not_found');
    expect(await roleOf(group.id, ben)).toBeNull();
  });

  it('R-CONV-4: a member cannot create invite links', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann);
    await addMember(relay, group.id, ann, ben);
    expect((await api(relay, 'POST', path(group.id, '/invite-links'), { token: ben })).status).toBe(403);
  });
});

describe('leaving', () => {
  it('a member leaves and the group is gone from their list', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann);
    await addMember(relay, group.id, ann, ben);
    expect((await api(relay, 'POST', path(group.id, '/leave'), { token: ben })).status).toBe(204);
    const list = await apiOk(relay, 'GET', '/api/conversations', 200, { token: ben });
    expect(list.conversations).toEqual([]);
  });

  it('R-CONV-5: the last admin cannot leave while others remain, and can after handing over', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann);
    await addMember(relay, group.id, ann, ben);
    const blocked = await api(relay, 'POST', path(group.id, '/leave'), { token: ann });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error).toBe('last_admin');
    expect(await roleOf(group.id, ann)).toBe('admin');
    await apiOk(relay, 'PATCH', path(group.id, `/members/${ben.userId}`), 200, { token: ann, body: { role: 'admin' } });
    expect((await api(relay, 'POST', path(group.id, '/leave'), { token: ann })).status).toBe(204);
  });

  it('R-CONV-5: the last admin cannot step down to member while others remain', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann);
    await addMember(relay, group.id, ann, ben);
    const response = await api(relay, 'PATCH', path(group.id, `/members/${ann.userId}`), { token: ann, body: { role: 'member' } });
    expect(response.body.error).toBe('last_admin');
  });

  it('R-CONV-5: an admin alone in a group may leave, and whoever joins the empty group next becomes admin', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann, { visibility: 'public' });
    expect((await api(relay, 'POST', path(group.id, '/leave'), { token: ann })).status).toBe(204);
    expect((await apiOk(relay, 'POST', path(group.id, '/join'), 200, { token: ben })).role).toBe('admin');
  });

  it('leaving a group you are not in is not_found', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann, { visibility: 'public' });
    expect((await api(relay, 'POST', path(group.id, '/leave'), { token: ben })).status).toBe(404);
  });
});

describe('roles and removal', () => {
  async function groupWithRoles() {
    const [admin, moderator, member, other] = [await user('adm'), await user('mod'), await user('mem'), await user('oth')];
    const group = await createGroup(relay, admin);
    for (const u of [moderator, member, other]) await addMember(relay, group.id, admin, u);
    await apiOk(relay, 'PATCH', path(group.id, `/members/${moderator.userId}`), 200, { token: admin, body: { role: 'moderator' } });
    return { group, admin, moderator, member, other };
  }

  it('members are listed with their roles, admins first', async () => {
    const { group, admin, moderator, member } = await groupWithRoles();
    const { members } = await apiOk(relay, 'GET', path(group.id, '/members'), 200, { token: member });
    expect(members.slice(0, 2).map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [admin.userId, 'admin'],
      [moderator.userId, 'moderator'],
    ]);
    expect(members).toHaveLength(4);
  });

  it('R-CONV-6: only an admin changes roles', async () => {
    const { group, moderator, member, other } = await groupWithRoles();
    for (const actor of [moderator, member]) {
      const response = await api(relay, 'PATCH', path(group.id, `/members/${other.userId}`), { token: actor, body: { role: 'moderator' } });
      expect(response.status).toBe(403);
    }
    expect(await roleOf(group.id, other)).toBe('member');
  });

  it('an unknown role is invalid_request', async () => {
    const { group, admin, other } = await groupWithRoles();
    const response = await api(relay, 'PATCH', path(group.id, `/members/${other.userId}`), { token: admin, body: { role: 'owner' } });
    expect(response.body.error).toBe('invalid_request');
  });

  it('R-CONV-6: a moderator removes a member but not an admin or another moderator', async () => {
    const { group, admin, moderator, member } = await groupWithRoles();
    const [secondMod] = [await user('mod')];
    await addMember(relay, group.id, admin, secondMod);
    await apiOk(relay, 'PATCH', path(group.id, `/members/${secondMod.userId}`), 200, { token: admin, body: { role: 'moderator' } });
    expect((await api(relay, 'DELETE', path(group.id, `/members/${admin.userId}`), { token: moderator })).body.error).toBe('forbidden');
    expect((await api(relay, 'DELETE', path(group.id, `/members/${secondMod.userId}`), { token: moderator })).body.error).toBe('forbidden');
    expect((await api(relay, 'DELETE', path(group.id, `/members/${member.userId}`), { token: moderator })).status).toBe(204);
    expect(await roleOf(group.id, admin)).toBe('admin');
    expect(await roleOf(group.id, member)).toBeNull();
  });

  it('R-CONV-6: a member removes nobody', async () => {
    const { group, member, other } = await groupWithRoles();
    expect((await api(relay, 'DELETE', path(group.id, `/members/${other.userId}`), { token: member })).status).toBe(403);
    expect(await roleOf(group.id, other)).toBe('member');
  });

  it('R-CONV-6: an admin removes a moderator', async () => {
    const { group, admin, moderator } = await groupWithRoles();
    expect((await api(relay, 'DELETE', path(group.id, `/members/${moderator.userId}`), { token: admin })).status).toBe(204);
    expect(await roleOf(group.id, moderator)).toBeNull();
  });
});

describe('the public group directory', () => {
  const search = async (viewer: TestUser, q: string) =>
    (await apiOk(relay, 'GET', `/api/directory?q=${encodeURIComponent(q)}`, 200, { token: viewer })).groups;

  it('R-CONV-10: lists public groups by name or topic, with member counts, never private groups or DMs', async () => {
    const [ann, ben, cat] = [await user('ann'), await user('ben'), await user('cat')];
    const tag = `dir${++counter}`;
    const small = await createGroup(relay, ann, { name: `Knitting ${tag}`, visibility: 'public' });
    const large = await createGroup(relay, ann, { name: `Walks`, topic: `Sunday walks ${tag}`, visibility: 'public' });
    await apiOk(relay, 'POST', path(large.id, '/join'), 200, { token: ben });
    await createGroup(relay, ann, { name: `Secret ${tag}`, visibility: 'private' });
    await createDm(relay, ann, cat);

    expect(await search(cat, tag.toUpperCase())).toEqual([
      { id: large.id, name: 'Walks', topic: `Sunday walks ${tag}`, memberCount: 2, joined: false },
      { id: small.id, name: `Knitting ${tag}`, topic: '', memberCount: 1, joined: false },
    ]);
    expect((await search(ben, tag)).map((group: { joined: boolean }) => group.joined)).toEqual([true, false]);
    // A name that starts with the words comes before a larger group that only mentions them.
    expect((await search(cat, `knitting ${tag}`)).map((group: { id: string }) => group.id)).toEqual([small.id]);
  });

  it('R-CONV-10: % and _ in a search are plain characters, and a banned user does not see the group', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const tag = `dir${++counter}`;
    const percent = await createGroup(relay, ann, { name: `100% ${tag}`, visibility: 'public' });
    await createGroup(relay, ann, { name: `100 ${tag}`, visibility: 'public' });
    expect((await search(ben, `100%`)).map((group: { id: string }) => group.id)).toEqual([percent.id]);
    expect(await search(ben, '_zz_no_such_group')).toEqual([]);

    await apiOk(relay, 'POST', path(percent.id, '/bans'), 204, { token: ann, body: { userId: ben.userId } });
    expect(await search(ben, `100% ${tag}`)).toEqual([]);
  });

  it('R-CONV-10: a public group shows itself to a non-member; a private one, a DM or none does not', async () => {
    const [ann, ben, cat] = [await user('ann'), await user('ben'), await user('cat')];
    const open = await createGroup(relay, ann, { name: 'Open door', topic: 'Come in', visibility: 'public' });
    const closed = await createGroup(relay, ann, { visibility: 'private' });
    const dm = await createDm(relay, ann, cat);
    expect(await apiOk(relay, 'GET', path(open.id, '/public'), 200, { token: ben })).toEqual({
      id: open.id,
      name: 'Open door',
      topic: 'Come in',
      memberCount: 1,
      joined: false,
    });
    const private_ = await api(relay, 'GET', path(closed.id, '/public'), { token: ben });
    expect([private_.status, private_.body.error]).toEqual([403, 'forbidden']);
    expect((await api(relay, 'GET', path(dm.id, '/public'), { token: ben })).status).toBe(404);
    expect((await api(relay, 'GET', path('k0000000000000000', '/public'), { token: ben })).status).toBe(404);
    await apiOk(relay, 'POST', path(open.id, '/bans'), 204, { token: ann, body: { userId: cat.userId } });
    expect((await api(relay, 'GET', path(open.id, '/public'), { token: cat })).body.error).toBe('banned');
  });

  it('a directory search without a token is refused, and an over-long one is invalid_request', async () => {
    const ann = await user('ann');
    expect((await api(relay, 'GET', '/api/directory')).status).toBe(401);
    expect((await api(relay, 'GET', `/api/directory?q=${'x'.repeat(81)}`, { token: ann })).body.error).toBe('invalid_request');
  });
});

describe('bans', () => {
  it('R-CONV-7: a banned user is removed and can neither rejoin, accept an invite link, nor be invited', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann, { visibility: 'public' });
    await apiOk(relay, 'POST', path(group.id, '/join'), 200, { token: ben });
    expect((await api(relay, 'POST', path(group.id, '/bans'), { token: ann, body: { userId: ben.userId } })).status).toBe(204);
    expect(await roleOf(group.id, ben)).toBeNull();
    const rejoin = await api(relay, 'POST', path(group.id, '/join'), { token: ben });
    expect(rejoin.status).toBe(403);
    expect(rejoin.body.error).toBe('banned');
    const link = await apiOk(relay, 'POST', path(group.id, '/invite-links'), 201, { token: ann });
    expect((await api(relay, 'POST', `/api/invite-links/${link.token}/accept`, { token: ben })).body.error).toBe('banned');
    expect((await api(relay, 'POST', path(group.id, '/invites'), { token: ann, body: { username: ben.username } })).body.error).toBe(
      'banned',
    );
    expect(await roleOf(group.id, ben)).toBeNull();
  });

  it('R-CONV-7: after an unban the user can join again', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann, { visibility: 'public' });
    await apiOk(relay, 'POST', path(group.id, '/bans'), 204, { token: ann, body: { userId: ben.userId } });
    const bans = await apiOk(relay, 'GET', path(group.id, '/bans'), 200, { token: ann });
    expect(bans.bans).toEqual([{ userId: ben.userId, username: ben.username, bannedBy: ann.userId, createdAt: expect.any(String) }]);
    expect((await api(relay, 'DELETE', path(group.id, `/bans/${ben.userId}`), { token: ann })).status).toBe(204);
    expect((await api(relay, 'POST', path(group.id, '/join'), { token: ben })).status).toBe(200);
    expect((await api(relay, 'DELETE', path(group.id, `/bans/${ben.userId}`), { token: ann })).body.error).toBe('not_found');
  });

  it('R-CONV-6: a moderator cannot ban an admin, and a member cannot ban anyone', async () => {
    const [ann, ben, cat] = [await user('ann'), await user('ben'), await user('cat')];
    const group = await createGroup(relay, ann);
    await addMember(relay, group.id, ann, ben);
    await addMember(relay, group.id, ann, cat);
    await apiOk(relay, 'PATCH', path(group.id, `/members/${ben.userId}`), 200, { token: ann, body: { role: 'moderator' } });
    expect((await api(relay, 'POST', path(group.id, '/bans'), { token: ben, body: { userId: ann.userId } })).body.error).toBe('forbidden');
    expect((await api(relay, 'POST', path(group.id, '/bans'), { token: cat, body: { userId: ben.userId } })).body.error).toBe('forbidden');
    expect(await roleOf(group.id, ann)).toBe('admin');
    expect(await roleOf(group.id, ben)).toBe('moderator');
  });
});

describe('group settings', () => {
  it('R-CONV-9: an admin renames a group, sets its topic and makes it public; members see it in their list', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann);
    await addMember(relay, group.id, ann, ben);
    const updated = await apiOk(relay, 'PATCH', path(group.id), 200, {
      token: ann,
      body: { name: '  Trip  ', topic: 'Sunday, 9:00', visibility: 'public' },
    });
    expect(updated).toMatchObject({ id: group.id, name: 'Trip', topic: 'Sunday, 9:00', visibility: 'public', role: 'admin' });
    const { conversations } = (await apiOk(relay, 'GET', '/api/conversations', 200, { token: ben })) as {
      conversations: Array<{ id: string; name: string; topic: string; visibility: string }>;
    };
    expect(conversations.find((c) => c.id === group.id)).toMatchObject({ name: 'Trip', topic: 'Sunday, 9:00', visibility: 'public' });
  });

  it('R-CONV-9: a moderator renames and sets the topic but cannot change visibility; a member changes nothing', async () => {
    const [ann, ben, cat] = [await user('ann'), await user('ben'), await user('cat')];
    const group = await createGroup(relay, ann);
    await addMember(relay, group.id, ann, ben);
    await addMember(relay, group.id, ann, cat);
    await apiOk(relay, 'PATCH', path(group.id, `/members/${ben.userId}`), 200, { token: ann, body: { role: 'moderator' } });
    await apiOk(relay, 'PATCH', path(group.id), 200, { token: ben, body: { name: 'Mods rule', topic: 'be nice' } });
    const visibility = await api(relay, 'PATCH', path(group.id), { token: ben, body: { visibility: 'public' } });
    expect([visibility.status, visibility.body.error]).toEqual([403, 'forbidden']);
    // Sending the current visibility along with a rename is not a visibility change.
    await apiOk(relay, 'PATCH', path(group.id), 200, { token: ben, body: { name: 'Again', visibility: 'private' } });
    const rename = await api(relay, 'PATCH', path(group.id), { token: cat, body: { name: 'Cats' } });
    expect([rename.status, rename.body.error]).toEqual([403, 'forbidden']);
    expect(await relay.conversations.describe(group.id)).toEqual({ kind: 'group', name: 'Again', topic: 'be nice', visibility: 'private' });
  });

  it('R-CONV-9: outsiders, DMs and malformed settings are refused with a clear error', async () => {
    const [ann, ben, dan] = [await user('ann'), await user('ben'), await user('dan')];
    const group = await createGroup(relay, ann);
    const dm = await createDm(relay, ann, ben);
    const outsider = await api(relay, 'PATCH', path(group.id), { token: dan, body: { name: 'Mine' } });
    expect([outsider.status, outsider.body.error]).toEqual([404, 'not_found']);
    const onDm = await api(relay, 'PATCH', path(dm.id), { token: ann, body: { name: 'Us' } });
    expect(onDm.status).toBe(409);
    for (const body of [
      {},
      { name: '' },
      { name: 'a'.repeat(81) },
      { name: 'two\nlines' },
      { topic: 't'.repeat(301) },
      { visibility: 'secret' },
      { owner: 'me' },
    ]) {
      const response = await api(relay, 'PATCH', path(group.id), { token: ann, body });
      expect([response.status, response.body.error], JSON.stringify(body)).toEqual([400, 'invalid_request']);
      expect(response.body.message).toBeTruthy();
    }
  });

  it('R-CONV-8: a save that changes nothing announces nothing', async () => {
    const ann = await user('ann');
    const group = await createGroup(relay, ann, { visibility: 'private' });
    const seen: ConversationChange[] = [];
    const stop = relay.conversations.onChange((change) => seen.push(change));
    try {
      const { name } = (await apiOk(relay, 'PATCH', path(group.id), 200, { token: ann, body: { visibility: 'private' } })) as {
        name: string;
      };
      await apiOk(relay, 'PATCH', path(group.id), 200, { token: ann, body: { name } });
      expect(seen).toEqual([]);
      await apiOk(relay, 'PATCH', path(group.id), 200, { token: ann, body: { topic: 'new' } });
      expect(seen).toEqual([{ conversationId: group.id, kind: 'settings' }]);
    } finally {
      stop();
    }
  });
});

describe('membership events and queries for the sync side', () => {
  it('R-CONV-8: changes are announced after they are committed, with the new role', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const seen: Array<{ conversationId: string; userId?: string; kind: string; role?: string | null; committedRole?: string | null }> = [];
    let pending: Promise<void>[] = [];
    const stop = relay.conversations.onChange((change) => {
      const entry: (typeof seen)[number] = { ...change };
      seen.push(entry);
      // Read back at once through the pool: on Postgres that is another connection, which sees
      // only committed rows, so a change announced before COMMIT would read the old state.
      if (change.kind === 'settings') {
        pending.push(relay.conversations.describe(change.conversationId).then((row) => void (entry.committedRole = row?.name)));
      } else {
        pending.push(relay.conversations.roleOf(change.conversationId, change.userId).then((role) => void (entry.committedRole = role)));
      }
    });
    const settle = async () => {
      await Promise.all(pending);
      pending = [];
    };
    try {
      const group = await createGroup(relay, ann, { visibility: 'public' });
      await settle();
      await apiOk(relay, 'POST', path(group.id, '/join'), 200, { token: ben });
      await settle();
      await apiOk(relay, 'PATCH', path(group.id, `/members/${ben.userId}`), 200, { token: ann, body: { role: 'moderator' } });
      await settle();
      await apiOk(relay, 'PATCH', path(group.id), 200, { token: ben, body: { name: 'Renamed' } });
      await settle();
      await apiOk(relay, 'DELETE', path(group.id, `/members/${ben.userId}`), 204, { token: ann });
      await settle();
      const mine = seen.filter((change) => change.conversationId === group.id);
      expect(mine.map(({ userId, kind, role, committedRole }) => ({ userId, kind, role, committedRole }))).toEqual([
        { userId: ann.userId, kind: 'joined', role: 'admin', committedRole: 'admin' },
        { userId: ben.userId, kind: 'joined', role: 'member', committedRole: 'member' },
        { userId: ben.userId, kind: 'role', role: 'moderator', committedRole: 'moderator' },
        { userId: undefined, kind: 'settings', role: undefined, committedRole: 'Renamed' },
        { userId: ben.userId, kind: 'removed', role: null, committedRole: null },
      ]);
    } finally {
      stop();
    }
  });

  it('R-CONV-8: a refused change announces nothing, and a ban announces "banned"', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann);
    await addMember(relay, group.id, ann, ben);
    const seen: ConversationChange[] = [];
    const stop = relay.conversations.onChange((change) => seen.push(change));
    try {
      await api(relay, 'POST', path(group.id, '/leave'), { token: ann });
      await api(relay, 'DELETE', path(group.id, `/members/${ann.userId}`), { token: ben });
      expect(seen).toEqual([]);
      await apiOk(relay, 'POST', path(group.id, '/bans'), 204, { token: ann, body: { userId: ben.userId } });
      expect(seen).toEqual([{ conversationId: group.id, userId: ben.userId, kind: 'banned', role: null }]);
    } finally {
      stop();
    }
  });

  it('a listener that throws does not fail the request or silence other listeners', async () => {
    const [ann, ben] = [await user('ann'), await user('ben')];
    const group = await createGroup(relay, ann, { visibility: 'public' });
    const heard: string[] = [];
    const stopBad = relay.conversations.onChange(() => {
      throw new Error('listener bug');
    });
    const stopGood = relay.conversations.onChange((change) => heard.push(change.kind === 'settings' ? 'settings' : change.userId));
    try {
      expect((await api(relay, 'POST', path(group.id, '/join'), { token: ben })).status).toBe(200);
      expect(heard).toEqual([ben.userId]);
    } finally {
      stopBad();
      stopGood();
    }
  });

  it('roleOf, membersOf and contactsOf reflect memberships', async () => {
    const [ann, ben, cat, dan] = [await user('ann'), await user('ben'), await user('cat'), await user('dan')];
    const group = await createGroup(relay, ann);
    await addMember(relay, group.id, ann, ben);
    await createDm(relay, ann, cat);
    expect(await relay.conversations.roleOf(group.id, ann.userId)).toBe('admin');
    expect(await relay.conversations.roleOf(group.id, dan.userId)).toBeNull();
    expect(await relay.conversations.membersOf(group.id)).toEqual([
      { userId: ann.userId, username: ann.username, role: 'admin' },
      { userId: ben.userId, username: ben.username, role: 'member' },
    ]);
    expect((await relay.conversations.contactsOf(ann.userId)).sort()).toEqual([ben.userId, cat.userId].sort());
    expect(await relay.conversations.contactsOf(dan.userId)).toEqual([]);
  });
});
