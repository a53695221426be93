// Attacks that got through before the authorizer judged what Yjs applies (issue "Unforgeable
// means unforgeable"): real relay, real WebSockets, hand-built Yjs updates. Each is refused, stores
// nothing of the attacker's, leaves the victim intact and lets a bystander keep chatting.
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { headDocName, segmentDocName } from '../model/doc-names.ts';
import { formatHlc } from '../model/hlc.ts';
import { sendMessage } from '../model/messages.ts';
import { MessageField, messagesMap, readMessage } from '../model/schema.ts';
import { stampAt } from '../model/testing.ts';
import { CloseCode } from '../protocol/close-codes.ts';
import { encodeAwareness, encodeSyncUpdate } from '../protocol/sync-messages.ts';
import { addMember, createGroup, register, type TestUser } from './helpers/api.ts';
import { encodeStructs, structsOf, withContent } from './helpers/hand-update.ts';
import { attemptFrames, type Refusal } from './helpers/raw-socket.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { replayStored } from './helpers/stored-doc.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let victim: TestUser;
let mallory: TestUser;
let bystander: TestUser;
let conversationId: string;
let segment: string;
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];
let wallMs = Date.now() - 60_000;

beforeAll(async () => {
  relay = await startRelay();
  victim = await register(relay, 'victim');
  mallory = await register(relay, 'mallory');
  bystander = await register(relay, 'bystander');
  conversationId = (await createGroup(relay, victim, { name: 'Attacked' })).id;
  await addMember(relay, conversationId, victim, mallory);
  await addMember(relay, conversationId, victim, bystander);
  segment = segmentDocName(conversationId, 0);
});
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(async () => {
  await relay.stop();
});

async function connect(user: TestUser, doc = segment, ydoc = new Y.Doc()): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(relay.wsUrl, doc, ydoc, {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { token: user.accessToken },
  });
  providers.push(provider);
  await waitFor(() => provider.synced, `${user.username}'s provider to sync`);
  return provider;
}

function attempt(user: TestUser, frames: readonly Uint8Array[], doc = segment): Promise<Refusal> {
  return attemptFrames(relay.wsUrl, user.accessToken, doc, frames, sockets);
}

async function stored(doc = segment): Promise<{ doc: Y.Doc; headSeq: number }> {
  return replayStored(relay.store, doc);
}

/** A message from `provider`'s document that the bystander has received. */
async function says(provider: WebsocketProvider, text: string, reader: WebsocketProvider): Promise<string> {
  const id = sendMessage(provider.doc, { text }, stampAt(provider.doc, wallMs++));
  await waitFor(() => messagesMap(reader.doc).has(id), `"${text}" to arrive`);
  return id;
}

function texts(doc: Y.Doc): string[] {
  return [...messagesMap(doc).entries()].map(([key, map]) => readMessage(key, map as Y.Map<unknown>).text);
}

/**
 * mallory's update writing `text` under an item `victimDoc`'s client will create next (its next
 * message, or its next write in a head), with a Skip over those clocks: the attack parks the text
 * in the victim's future, and Yjs would show it in the victim's next write.
 */
function parkedUnderFuture(victimDoc: Y.Doc, writeFuture: (doc: Y.Doc) => void, writeUnder: (doc: Y.Doc) => void): Uint8Array {
  const scratch = new Y.Doc();
  // Set after applying: Yjs gives a doc a new clientID when an update brings its own.
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(victimDoc));
  scratch.clientID = victimDoc.clientID;
  const from = Y.getState(scratch.store, victimDoc.clientID);
  writeFuture(scratch);
  const until = Y.encodeStateVector(scratch);
  scratch.clientID = 0x7fff0000 + Math.floor(Math.random() * 0xffff);
  writeUnder(scratch);
  const own = structsOf(Y.encodeStateAsUpdate(scratch, until));
  const skip = new Y.Skip(new Y.ID(victimDoc.clientID, from), Y.getState(scratch.store, victimDoc.clientID) - from);
  if (skip.length === 0) throw new Error('The victim wrote nothing in the scratch copy');
  return encodeStructs([skip, ...own]);
}

/** The item `doc`'s next write of `field` on message `id` would create, without writing it. */
function nextFieldItem(doc: Y.Doc, id: string, field: string): Y.Item {
  const before = Y.encodeStateVector(doc);
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  scratch.clientID = doc.clientID;
  (messagesMap(scratch).get(id) as Y.Map<unknown>).set(field, 'placeholder');
  const [item] = structsOf(Y.encodeStateAsUpdate(scratch, before));
  if (!(item instanceof Y.Item)) throw new Error('The write made no item');
  return item;
}

describe('A: the authorizer resolves references as Yjs integrates them', () => {
  it("R-AUTHZ-10: refuses text parked under a victim's next message behind a Skip, and the victim's next message stays theirs", async () => {
    const victimProvider = await connect(victim);
    const reader = await connect(bystander);
    await says(victimProvider, 'first', reader);
    const headBefore = (await stored()).headSeq;
    const attack = parkedUnderFuture(
      victimProvider.doc,
      (doc) => sendMessage(doc, { text: 'next' }, stampAt(doc, wallMs)),
      (doc) => {
        const future = [...messagesMap(doc).values()].at(-1) as Y.Map<unknown>;
        future.set(MessageField.text, 'FORGED by mallory');
      },
    );
    expect(await attempt(mallory, [encodeSyncUpdate(attack)])).toMatchObject({ code: CloseCode.forbidden, denied: 'unresolved_reference' });
    expect((await stored()).headSeq).toBe(headBefore);
    await says(victimProvider, 'my real next message', reader);
    expect(texts(reader.doc)).toContain('my real next message');
    expect(texts(reader.doc).join()).not.toContain('FORGED');
    expect(texts((await stored()).doc).join()).not.toContain('FORGED');
  });

  it("R-AUTHZ-10: refuses a write parked under the relay's next clocks in a head, which would list a segment the relay never wrote", async () => {
    const head = headDocName(conversationId);
    const reader = await connect(bystander, head);
    const relayClient = [...reader.doc.store.clients.keys()][0]!;
    const relayView = new Y.Doc();
    Y.applyUpdate(relayView, Y.encodeStateAsUpdate(reader.doc));
    relayView.clientID = relayClient;
    const headBefore = (await stored(head)).headSeq;
    const attack = parkedUnderFuture(
      relayView,
      (doc) => doc.getMap('head').set('future', new Y.Map()),
      (doc) => (doc.getMap('head').get('future') as Y.Map<unknown>).set('segments', 'c:forged'),
    );
    expect(await attempt(mallory, [encodeSyncUpdate(attack)], head)).toMatchObject({
      code: CloseCode.forbidden,
      denied: 'unresolved_reference',
    });
    expect((await stored(head)).headSeq).toBe(headBefore);
  });
});

describe('A: an item Yjs would hold back is refused, not stored', () => {
  it("R-AUTHZ-10: refuses an edit whose right neighbour is a clock the relay does not have, which would wait in every replica and make each honest resync look like mallory's", async () => {
    const own = await connect(mallory);
    const reader = await connect(bystander);
    const id = await says(own, 'mine', reader);
    const edit = nextFieldItem(own.doc, id, MessageField.text);
    // A known left neighbour (the old text) places it; the right one is in the victim's future.
    const victimClient = [...reader.doc.store.clients.keys()].find((client) => client !== own.doc.clientID)!;
    const unknown = new Y.ID(victimClient, Y.getState(reader.doc.store, victimClient) + 3);
    const held = new Y.Item(edit.id, null, edit.origin, null, unknown, null, null, edit.content);
    const headBefore = (await stored()).headSeq;
    expect(await attempt(mallory, [encodeSyncUpdate(encodeStructs([held]))])).toMatchObject({
      code: CloseCode.forbidden,
      denied: 'unresolved_reference',
    });
    expect((await stored()).headSeq).toBe(headBefore);
    // A fresh replica resyncs in full (its step 2 repeats what it got): nothing of mallory's rides along.
    const fresh = await connect(bystander);
    expect(fresh.doc.store.pendingStructs).toBeNull();
    await says(fresh, 'resynced and still chatting', reader);
  });
});

describe('B: values are checked as Yjs will read them, whatever content carries them', () => {
  /** mallory's own message, and an update that sets `field` on it with `content` instead of what Yjs would write. */
  async function ownFieldWith(
    field: string,
    content: Y.Item['content'],
  ): Promise<{ frame: Uint8Array; headBefore: number; reader: WebsocketProvider }> {
    const own = await connect(mallory);
    const reader = await connect(bystander);
    const id = await says(own, 'mine', reader);
    const item = nextFieldItem(own.doc, id, field);
    return { frame: encodeSyncUpdate(encodeStructs([withContent(item, content)])), headBefore: (await stored()).headSeq, reader };
  }

  async function expectValueRefused(field: string, content: Y.Item['content'], denied: string): Promise<void> {
    const { frame, headBefore, reader } = await ownFieldWith(field, content);
    expect(await attempt(mallory, [frame])).toMatchObject({ code: CloseCode.forbidden, denied });
    expect((await stored()).headSeq).toBe(headBefore);
    const victimProvider = await connect(victim);
    await says(victimProvider, 'still chatting', reader);
  }

  it('R-LIMIT-WS-5: refuses 20,000 characters hidden behind a short first element of a ContentAny', async () => {
    await expectValueRefused(MessageField.text, new Y.ContentAny(['ok', 'L'.repeat(20_000)]), 'message_too_large');
  });

  it('R-LIMIT-WS-5: refuses a clock a year ahead hidden behind a valid one', async () => {
    const now = formatHlc({ wallMs: Date.now(), counter: 0, node: 'm' });
    const ahead = formatHlc({ wallMs: Date.now() + 365 * 86_400_000, counter: 0, node: 'm' });
    await expectValueRefused(MessageField.hlc, new Y.ContentAny([now, ahead]), 'invalid_value');
  });

  it('R-AUTHZ-4: refuses content types the schema never writes (legacy JSON, strings, binaries)', async () => {
    await expectValueRefused(MessageField.text, new Y.ContentJSON(['L'.repeat(20_000)]), 'unknown_structure');
    await expectValueRefused(MessageField.text, new Y.ContentString('x'), 'unknown_structure');
    await expectValueRefused(MessageField.text, new Y.ContentBinary(new Uint8Array([1, 2, 3])), 'unknown_structure');
  });
});

/** An awareness frame with one entry per [clientID, state]. */
function awarenessFrame(entries: readonly [number, unknown][]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [clientID, state] of entries) {
    encoding.writeVarUint(encoder, clientID);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encodeAwareness(encoding.toUint8Array(encoder));
}

function presentUser(provider: WebsocketProvider, clientID: number): string | undefined {
  return (provider.awareness.getStates().get(clientID) as { user?: { id?: string } } | undefined)?.user?.id;
}

describe('D: awareness claims and limits', () => {
  it("R-AUTHZ-8: refuses writing with a clientID another user announced in awareness, and the owner's presence stays", async () => {
    const reading = await connect(victim);
    reading.awareness.setLocalStateField('reading', true);
    const reader = await connect(bystander);
    await waitFor(() => presentUser(reader, reading.doc.clientID) === victim.userId, "the victim's presence");
    const squat = new Y.Doc();
    Y.applyUpdate(squat, Y.encodeStateAsUpdate((await stored()).doc));
    squat.clientID = reading.doc.clientID;
    const before = Y.encodeStateVector(squat);
    sendMessage(squat, { text: 'squatted' }, stampAt(squat, wallMs++));
    const headBefore = (await stored()).headSeq;
    expect(await attempt(mallory, [encodeSyncUpdate(Y.encodeStateAsUpdate(squat, before))])).toMatchObject({
      code: CloseCode.forbidden,
      denied: 'client_bound_to_other_user',
    });
    expect((await stored()).headSeq).toBe(headBefore);
    reading.awareness.setLocalStateField('typing', true);
    await waitFor(
      () => (reader.awareness.getStates().get(reading.doc.clientID) as { typing?: boolean } | undefined)?.typing === true,
      "the victim's presence to update",
    );
    expect(presentUser(reader, reading.doc.clientID)).toBe(victim.userId);
  });

  it("R-AUTHZ-8: a member's presence comes back after a network drop, though others' providers echo its removal", async () => {
    const dropping = await connect(victim);
    dropping.awareness.setLocalStateField('reading', true);
    const reader = await connect(bystander);
    await waitFor(() => presentUser(reader, dropping.doc.clientID) === victim.userId, "the victim's presence");
    dropping.disconnect();
    await waitFor(() => !reader.awareness.getStates().has(dropping.doc.clientID), 'the removal to reach the bystander');
    await new Promise((resolve) => setTimeout(resolve, 300));
    dropping.connect();
    await waitFor(() => dropping.wsconnected, 'the victim to reconnect');
    // The relay counted the removal as one more awareness clock; the provider's next two changes
    // (or its 15 s renewal) pass it. Before, the echoed removal had given the clientID to the bystander.
    dropping.awareness.setLocalStateField('reading', 'again');
    dropping.awareness.setLocalStateField('reading', 'back');
    await waitFor(
      () => (reader.awareness.getStates().get(dropping.doc.clientID) as { reading?: string } | undefined)?.reading === 'back',
      "the victim's presence after reconnecting",
    );
    expect(presentUser(reader, dropping.doc.clientID)).toBe(victim.userId);
  });

  it('R-AUTHZ-8: refuses a ~200 KB presence state and more fresh clientIDs than a tab uses; nothing of it reaches others', async () => {
    const reader = await connect(bystander);
    const big = await attempt(mallory, [awarenessFrame([[0x7ffe0001, { blob: 'x'.repeat(200_000) }]])]);
    expect(big).toMatchObject({ code: CloseCode.forbidden, denied: 'awareness_too_large' });
    const fresh = Array.from({ length: 12 }, (_, i): [number, unknown] => [0x7ffe0100 + i, { n: i }]);
    expect(await attempt(mallory, [awarenessFrame(fresh)])).toMatchObject({ code: CloseCode.forbidden, denied: 'awareness_too_large' });
    const victimProvider = await connect(victim);
    await says(victimProvider, 'after the awareness flood', reader);
    const states = [...reader.awareness.getStates().keys()];
    expect(states.filter((clientID) => clientID >= 0x7ffe0000 && clientID < 0x7fff0000)).toEqual([]);
  });
});

describe('D: update flood', () => {
  it('R-LIMIT-WS-6: a member sending thousands of tiny updates is closed with 1013 before most are stored; others keep chatting', async () => {
    const own = await connect(mallory);
    const reader = await connect(bystander);
    const id = await says(own, 'flood base', reader);
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(own.doc));
    scratch.clientID = own.doc.clientID;
    const frames: Uint8Array[] = [];
    scratch.on('update', (update: Uint8Array) => frames.push(encodeSyncUpdate(update)));
    const message = messagesMap(scratch).get(id) as Y.Map<unknown>;
    for (let i = 0; i < 5_000; i++) message.set(MessageField.editedAt, Date.now() + i);
    own.destroy();
    const headBefore = (await stored()).headSeq;
    // Each update builds on the previous, still committing: the relay holds a few and then closes
    // the sender (1013), or the update rate does; either way the flood stops early.
    expect(await attempt(mallory, frames)).toMatchObject({ code: CloseCode.overloaded });
    const storedDuringFlood = (await stored()).headSeq - headBefore;
    expect(storedDuringFlood).toBeLessThanOrEqual(relay.config.UPDATE_RATE_PER_10S + 1);
    const victimProvider = await connect(victim);
    await says(victimProvider, 'after the update flood', reader);
  });
});
