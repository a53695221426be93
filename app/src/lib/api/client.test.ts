import { describe, expect, it } from 'vitest';
import { createApiClient, type Send, type SendOptions } from './client.ts';

/** A transport that records what was sent and answers with `answer`, parsed like the real one. */
function recording(answer: unknown) {
  const sent: Array<{ path: string } & SendOptions> = [];
  const send: Send = async (path, schema, options) => {
    sent.push({ path, ...options });
    return schema.parse(answer);
  };
  return { client: createApiClient(send), sent };
}

describe('the API client', () => {
  it('fills the path from the arguments and says whether the route needs the token', async () => {
    const { client, sent } = recording(undefined);
    await client.removeMember('k0123456789abcdef', 'u0123456789abcdef');
    await client.signOut('refresh-token');
    expect(sent).toEqual([
      { path: '/conversations/k0123456789abcdef/members/u0123456789abcdef', method: 'DELETE', body: undefined, authorized: true },
      { path: '/auth/logout', method: 'POST', body: { refreshToken: 'refresh-token' }, authorized: false },
    ]);
  });

  it('escapes path parameters and sends a query string', async () => {
    const users = recording({ users: [] });
    await users.client.searchUsers('ann lee', 10);
    const members = recording({ members: [] });
    await members.client.members('k/x');
    expect(users.sent[0]?.path).toBe('/users?q=ann+lee&limit=10');
    expect(members.sent[0]?.path).toBe('/conversations/k%2Fx/members');
  });

  it('asks for a media item and a signed URL of one of its variants', async () => {
    const info = recording({ url: '/media/m0123456789abcdef/thumb-320?sig=x', expiresAt: '2030-01-01T00:00:00.000Z' });
    const { expiresAt } = await info.client.mediaUrl('m0123456789abcdef', 'thumb-320');
    expect(info.sent[0]).toMatchObject({ path: '/media/m0123456789abcdef/url?variant=thumb-320', method: 'GET', authorized: true });
    expect(expiresAt).toEqual(new Date('2030-01-01T00:00:00.000Z'));
  });

  it("reads the answer with the route's schema", async () => {
    const { client } = recording({
      members: [{ userId: 'u0123456789abcdef', username: 'ann', role: 'admin', joinedAt: '2030-01-01T00:00:00.000Z' }],
    });
    const { members } = await client.members('k0123456789abcdef');
    expect(members[0]?.joinedAt).toEqual(new Date('2030-01-01T00:00:00.000Z'));
    await expect(recording({ members: [{ userId: 'nobody' }] }).client.members('k0123456789abcdef')).rejects.toThrow();
  });
});
