// Presence across the conversation list: who of my contacts is online, and when the others were
// last seen (recorded in the database when a user's last connection closes); and the relay
// pushing each change to the contacts' open inboxes.
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { inboxDocName } from '../model/doc-names.ts';
import { MessageType, readPresence, type PresenceChange } from '../protocol/sync-messages.ts';
import { apiOk, createDm, register, type TestUser } from './helpers/api.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let alice: TestUser;
let bob: TestUser;
let eve: TestUser;

const GRACE_MS = 300;

beforeAll(async () => {
  relay = await startRelay({ PRESENCE_OFFLINE_GRACE_MS: String(GRACE_MS) });
  alice = await register(relay, 'alice');
  bob = await register(relay, 'bob');
  eve = await register(relay, 'eve');
  await createDm(relay, alice, bob);
});
const sockets: WebSocket[] = [];
afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await relay.stop();
});

/** A user's inbox as the app opens it (`?acks=1`), collecting the presence changes the relay pushes. */
async function listeningInbox(user: TestUser, acks = true): Promise<PresenceChange[]> {
  const heard: PresenceChange[] = [];
  const query = `token=${user.accessToken}${acks ? '&acks=1' : ''}`;
  const ws = new WebSocket(`${relay.wsUrl}/${inboxDocName(user.userId)}?${query}`);
  sockets.push(ws);
  let greeted = false;
  ws.on('message', (data: Buffer) => {
    greeted = true;
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MessageType.presence) return;
    const change = readPresence(decoder);
    if (change) heard.push(change);
  });
  await waitFor(() => greeted, `${user.username}'s inbox to open`);
  return heard;
}

/** A stock provider on `user`'s inbox: the user is online while it is open. */
async function connect(user: TestUser): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(relay.wsUrl, inboxDocName(user.userId), new Y.Doc(), {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { token: user.accessToken },
  });
  await waitFor(() => provider.synced, `${user.username}'s inbox to sync`);
  return provider;
}

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

describe('presence pushed to contacts', () => {
  it("R-PRES-1: a contact's open inbox hears someone come online and, after the grace, go offline with the time", async () => {
    const [ann, ben, stranger] = [await register(relay, 'ann'), await register(relay, 'ben'), await register(relay, 'stranger')];
    await createDm(relay, ann, ben);
    const bensInbox = await listeningInbox(ben);
    const strangersInbox = await listeningInbox(stranger);

    const provider = await connect(ann);
    await waitFor(() => bensInbox.length === 1, 'ben to hear ann come online');
    expect(bensInbox[0]).toEqual({ userId: ann.userId, online: true, lastSeen: null });

    const left = Date.now();
    provider.destroy();
    await waitFor(() => bensInbox.length === 2, 'ben to hear ann go offline');
    expect(bensInbox[1]).toMatchObject({ userId: ann.userId, online: false });
    expect(bensInbox[1]!.lastSeen!.getTime()).toBeGreaterThanOrEqual(left - 1_000);
    expect(bensInbox[1]!.lastSeen!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(strangersInbox).toEqual([]);
  });

  it('R-PRES-2: a reload within the grace is no departure, and a stock provider never gets the extension', async () => {
    const [cat, dan] = [await register(relay, 'cat'), await register(relay, 'dan')];
    await createDm(relay, cat, dan);
    const dansInbox = await listeningInbox(dan);
    const stockInbox = await listeningInbox(dan, false);
    const first = await connect(cat);
    await waitFor(() => dansInbox.length === 1, 'dan to hear cat come online');
    first.destroy();
    const again = await connect(cat);
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS * 3));
    expect(dansInbox.map((change) => change.online)).toEqual([true]);
    expect(stockInbox).toEqual([]);
    again.destroy();
  });
});
