// Long histories over the real relay: segments roll over, a new device opens only the tail,
// older segments page in on demand, and a message written offline into an old segment still shows.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Conversation } from '#sync-client/conversation.ts';
import { createHlc, formatHlc, messageId, sendMessage, tick, type Hlc } from '../model/index.ts';
import { headDocName, segmentDocName } from '../model/doc-names.ts';
import { MAX_SEGMENT_MESSAGES, readSegments } from '../model/segments.ts';
import { CloseCode } from '../protocol/close-codes.ts';
import { encodeSyncUpdate } from '../protocol/sync-messages.ts';
import { addMember, createGroup, register, type TestUser } from './helpers/api.ts';
import { attemptFrames } from './helpers/raw-socket.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let relayUrl: string;
let writer: TestUser;
let reader: TestUser;
let conversationId: string;
const open: Conversation[] = [];

beforeAll(async () => {
  // Seeding and random runs send far faster than a person; tests/ws-limits.test.ts covers the rate.
  relay = await startRelay({ MESSAGE_RATE_PER_10S: '1000000', UPDATE_RATE_PER_10S: '1000000', UPDATE_BYTES_PER_10S: '1000000000' });
  relayUrl = relay.wsUrl.replace(/\/sync$/, '');
  writer = await register(relay, 'writer');
  reader = await register(relay, 'reader');
  conversationId = (await createGroup(relay, writer, { name: 'History' })).id;
  await addMember(relay, conversationId, writer, reader);
});
afterAll(async () => {
  await Promise.all(open.map((conversation) => conversation.close()));
  await relay.stop();
});

async function openAs(user: TestUser, firstScreen?: number, persist = false): Promise<Conversation> {
  const conversation = await Conversation.open({
    conversationId,
    userId: user.userId,
    relayUrl,
    token: user.accessToken,
    persist,
    WebSocketPolyfill: WebSocket as never,
    firstScreen,
  });
  open.push(conversation);
  return conversation;
}

/** Sends `count` messages in batches of one segment, waiting for each rollover. */
async function fill(conversation: Conversation, count: number, clock: { hlc: Hlc }, wallStart: number): Promise<void> {
  for (let sent = 0; sent < count;) {
    const batch = Math.min(MAX_SEGMENT_MESSAGES, count - sent);
    const segments = conversation.list.length;
    clock.hlc = tick(clock.hlc, wallStart + sent);
    const doc = await conversation.documentFor(formatHlc(clock.hlc));
    doc.transact(() => {
      for (let i = 0; i < batch; i++) {
        clock.hlc = tick(clock.hlc, wallStart + sent + i);
        sendMessage(doc, { text: `message ${sent + i}` }, { hlc: clock.hlc, id: messageId(clock.hlc, doc.clientID) });
      }
    });
    sent += batch;
    if (batch === MAX_SEGMENT_MESSAGES) await waitFor(() => conversation.list.length === segments + 1, 'the next segment to be listed');
  }
}

describe('long histories', () => {
  it('a new device opens only the newest segments, pages older ones in, and sees rollovers live', async () => {
    const writing = await openAs(writer);
    const clock = { hlc: createHlc('w') };
    const M = MAX_SEGMENT_MESSAGES;
    await fill(writing, 2.5 * M, clock, 1_700_000_000_000);
    expect(writing.list.map((s) => s.index)).toEqual([0, 1, 2]);

    const device = await openAs(reader);
    expect([...device.segments.keys()]).toEqual([2]);
    expect(device.messages()).toHaveLength(0.5 * M);
    expect(device.messages().at(-1)?.text).toBe(`message ${2.5 * M - 1}`);
    expect(device.hasOlder).toBe(true);
    expect(await device.loadOlder()).toBe(M);
    expect(await device.loadOlder()).toBe(M);
    expect(device.hasOlder).toBe(false);
    const texts = device.messages().map((m) => m.text);
    expect(texts).toHaveLength(2.5 * M);
    expect(texts[0]).toBe('message 0');
    expect(new Set(texts).size).toBe(2.5 * M);
    expect(device.messages().every((m) => m.author === writer.userId)).toBe(true);

    // Filling the open segment makes the relay list the next one; the reader opens it by itself.
    await fill(writing, 0.5 * M, clock, 1_700_000_100_000);
    await waitFor(() => device.segments.has(3), 'the reader to open the new segment');
    clock.hlc = tick(clock.hlc, 1_700_000_200_000);
    const target = await writing.documentFor(formatHlc(clock.hlc));
    const late = sendMessage(target, { text: 'after rollover' }, { hlc: clock.hlc, id: messageId(clock.hlc, target.clientID) });
    await waitFor(() => device.messages().some((m) => m.id === late), 'the message in the new segment');
  });

  it('a message stamped with an old clock goes to the older segment it belongs to and shows in place', async () => {
    const writing = await openAs(writer);
    const old: Hlc = { wallMs: 1_700_000_000_100, counter: 1, node: 'offline' };
    const doc = await writing.documentFor(formatHlc(old));
    const segment = [...writing.segments.entries()].find(([, opened]) => opened.doc === doc)?.[0];
    expect(segment).toBe(0);
    const id = sendMessage(doc, { text: 'written offline long ago' }, { hlc: old, id: messageId(old, doc.clientID) });

    const device = await openAs(reader, 1);
    while (device.hasOlder) await device.loadOlder();
    await waitFor(() => device.messages().some((m) => m.id === id), 'the late message');
    const index = device.messages().findIndex((m) => m.id === id);
    expect(device.messages().length).toBeGreaterThan(3 * MAX_SEGMENT_MESSAGES);
    expect(device.messages()[index - 1]!.hlc < device.messages()[index]!.hlc).toBe(true);
    expect(index).toBeLessThan(MAX_SEGMENT_MESSAGES);
  });

  it('a device back after two rollovers pages in the segment it missed before older history', async () => {
    const away = await openAs(reader, undefined, true);
    await away.close();
    const writing = await openAs(writer);
    await fill(writing, 2 * MAX_SEGMENT_MESSAGES, { hlc: createHlc('w2') }, Date.now());

    // This device's copy opens first; the head's sync then lists two new segments at once, and
    // only the newest opens by itself.
    const back = await openAs(reader, undefined, true);
    await back.synced();
    while (back.hasOlder) await back.loadOlder();
    const everything = await openAs(reader);
    while (everything.hasOlder) await everything.loadOlder();
    expect(back.messages().map((m) => m.id)).toEqual(everything.messages().map((m) => m.id));
  });
});

describe('segments only the head lists', () => {
  it('R-AUTHZ-9: a segment the head does not list cannot be opened, so nothing is stored in it and the head stays as it is', async () => {
    const id = (await createGroup(relay, writer, { name: 'Unlisted' })).id;
    const head = new WebsocketProvider(relay.wsUrl, headDocName(id), new Y.Doc(), {
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
      params: { token: writer.accessToken },
    });
    const sockets: WebSocket[] = [];
    try {
      await waitFor(() => head.synced, 'the head to sync');
      expect(readSegments(head.doc).map((segment) => segment.index)).toEqual([0]);
      const scratch = new Y.Doc();
      let hlc = createHlc(scratch.clientID.toString(36));
      for (let i = 0; i <= 10; i++) {
        hlc = tick(hlc, Date.now());
        sendMessage(scratch, { text: `unlisted ${i}` }, { hlc, id: messageId(hlc, scratch.clientID) });
      }
      const name = segmentDocName(id, 7);
      const refusal = await attemptFrames(
        relay.wsUrl,
        writer.accessToken,
        name,
        [encodeSyncUpdate(Y.encodeStateAsUpdate(scratch))],
        sockets,
      );
      expect(refusal).toMatchObject({ code: CloseCode.notFound, denied: 'not_found' });
      expect((await relay.store.load(name)).updates).toEqual([]);
      expect(readSegments(head.doc).map((segment) => segment.index)).toEqual([0]);
      const listed = new WebsocketProvider(relay.wsUrl, segmentDocName(id, 0), scratch, {
        WebSocketPolyfill: WebSocket as never,
        disableBc: true,
        params: { token: writer.accessToken },
      });
      try {
        await waitFor(
          async () => (await relay.store.load(segmentDocName(id, 0))).updates.length > 0,
          'the same messages to be stored in the listed segment',
        );
      } finally {
        listed.destroy();
      }
    } finally {
      head.destroy();
      for (const ws of sockets) ws.terminate();
    }
  });
});
