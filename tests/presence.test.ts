// Presence across the conversation list: who of my contacts is online, and when the others were
// last seen (recorded in the database when a user's last connection closes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { inboxDocName } from '../model/doc-names.ts';
import { apiOk, createDm, register, type TestUser } from './helpers/api.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let alice: TestUser;
let bob: TestUser;
let eve: TestUser;

beforeAll(async () => {
  relay = await startRelay();
  alice = await register(relay, 'alice');
  bob = await register(relay, 'bob');
  eve = await register(relay, 'eve');
  await createDm(relay, alice, bob);
});
afterAll(async () => {
  await relay.stop();
});

interface PresenceRow {
  userId: string;
  online: boolean;
  lastSeen: string | null;
}

const presence = async (user: TestUser): Promise<PresenceRow[]> =>
  (await apiOk<{ users: PresenceRow[] }>(relay, 'GET', '/api/presence', 200, { token: user })).users;

describe('presence', () => {
  it('shows contacts online while connected and records when they were last seen', async () => {
    expect(await presence(alice)).toEqual([{ userId: bob.userId, online: false, lastSeen: null }]);
    const provider = new WebsocketProvider(relay.wsUrl, inboxDocName(bob.userId), new Y.Doc(), {
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
      params: { token: bob.accessToken },
    });
    await waitFor(() => provider.synced, "bob's inbox to sync");
    expect(await presence(alice)).toEqual([{ userId: bob.userId, online: true, lastSeen: null }]);
    const before = Date.now();
    provider.destroy();
    let rows: PresenceRow[] = [];
    await waitFor(async () => (rows = await presence(alice))[0]?.lastSeen !== null, 'bob to be seen last');
    expect(rows[0]?.online).toBe(false);
    expect(Date.parse(rows[0]!.lastSeen!)).toBeGreaterThanOrEqual(before - 1_000);
    expect((await presence(eve)).map((row) => row.userId)).toEqual([]);
  });
});
