// R-BAD: a frame that is not valid y-websocket closes only the connection that sent it, with the
// close code from relay/close-codes.ts; other clients of the room and the stored document are unharmed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { messageAwareness, messageSync, WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode } from '../protocol/close-codes.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { waitFor } from './helpers/wait.ts';
import { replayStored } from './helpers/stored-doc.ts';
import { UNCHECKED_ENV } from './helpers/unchecked.ts';

const MAX_FRAME_BYTES = 4096;
const BEFORE_TEXT = 'written before the attack';
const AFTER_EDIT = 'written after the attack';

let relay: TestRelay;
let providers: WebsocketProvider[] = [];
let sockets: WebSocket[] = [];
let consoleError: MockInstance<typeof console.error>;
let roomCounter = 0;

beforeAll(async () => {
  relay = await startRelay({ ...UNCHECKED_ENV, MAX_FRAME_BYTES: String(MAX_FRAME_BYTES) });
});
beforeEach(() => {
  // A stock provider reports an update it cannot apply only through console.error.
  consoleError = vi.spyOn(console, 'error');
});
afterEach(() => {
  for (const provider of providers) provider.destroy();
  for (const ws of sockets) ws.terminate();
  providers = [];
  sockets = [];
  consoleError.mockRestore();
});
afterAll(async () => {
  await relay?.stop();
});

// ---------------------------------------------------------------------------------------------
// Clients

function connect(room: string): WebsocketProvider {
  const provider = new WebsocketProvider(relay.wsUrl, room, new Y.Doc(), { WebSocketPolyfill: WebSocket as never, disableBc: true });
  providers.push(provider);
  return provider;
}

interface CloseInfo {
  code: number;
  reason: string;
}

interface RawClient {
  ws: WebSocket;
  closed: Promise<CloseInfo>;
}

/** A plain WebSocket to `path` (below /sync/), resolved once the relay has greeted it with sync step 1. */
async function openRaw(path: string, { awaitGreeting = true } = {}): Promise<RawClient> {
  const ws = new WebSocket(`${relay.wsUrl}/${path}`);
  sockets.push(ws);
  ws.on('error', () => {}); // a failed connection shows up as its close code
  const closed = new Promise<CloseInfo>((resolve) => {
    ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() }));
  });
  const greeted = new Promise<void>((resolve) => ws.once('message', () => resolve()));
  await within(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      void closed.then(({ code }) => reject(new Error(`closed with ${code} before it opened`)));
    }),
    'the raw socket to open',
  );
  if (awaitGreeting) await within(greeted, 'the relay to greet the raw socket');
  return { ws, closed };
}

/** Sends `frame` from a fresh raw connection to `room` and returns how the relay closed it. */
async function attack(room: string, frame: Uint8Array | string): Promise<CloseInfo> {
  const attacker = await openRaw(room);
  attacker.ws.send(frame);
  return within(attacker.closed, 'the relay to close the attacking connection');
}

function within<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// Frames, built with the same encoders a y-websocket client uses

function syncStep1Frame(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness frame whose entries carry the given raw JSON text as their state. */
function awarenessFrame(entries: { clientID: number; clock: number; json: string }[]): Uint8Array {
  const payload = encoding.createEncoder();
  encoding.writeVarUint(payload, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(payload, entry.clientID);
    encoding.writeVarUint(payload, entry.clock);
    encoding.writeVarString(payload, entry.json);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(payload));
  return encoding.toUint8Array(encoder);
}

/** A real Yjs update (messages pushed by a new client), as a stock provider would send it. */
function realUpdate(messages = ['an ordinary message', 'and another one']): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 1_234_567; // fixed, so that the update's size does not vary with a random client ID
  doc.getArray<string>('messages').push(messages);
  return Y.encodeStateAsUpdate(doc);
}

/**
 * One string item whose left origin is a LATER clock of its own client. Yjs decodes it, but
 * applying it throws: it looks a same-client origin up without checking that it exists.
 */
function forwardOriginUpdate(): Uint8Array {
  const client = 0x7fff_fff0;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // clients with structs
  encoding.writeVarUint(encoder, 1); // structs of this client
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, 0); // clock of the first struct
  encoding.writeUint8(encoder, 0x80 | 4); // an Item with a left origin and ContentString
  encoding.writeVarUint(encoder, client); // origin: this client ...
  encoding.writeVarUint(encoder, 5); // ... at a clock after the item itself
  encoding.writeVarString(encoder, 'x');
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}

/** No structs, and a delete set with one range of length 0, which Yjs cannot encode again. */
function emptyDeleteRangeUpdate(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // clients with structs
  encoding.writeVarUint(encoder, 1); // clients in the delete set
  encoding.writeVarUint(encoder, 99); // client
  encoding.writeVarUint(encoder, 1); // ranges
  encoding.writeVarUint(encoder, 0); // clock
  encoding.writeVarUint(encoder, 0); // length
  return encoding.toUint8Array(encoder);
}

// ---------------------------------------------------------------------------------------------
// The room under attack

interface AttackedRoom {
  name: string;
  /** A stock provider that joined and wrote content before the attack and stays connected. */
  bystander: WebsocketProvider;
  /** Times the bystander lost its connection. */
  disconnects: () => number;
  /** Stored head seq before the attack. */
  headSeqBefore: number;
}

/** A room with committed content and a connected well-behaved client, ready to be attacked. */
async function roomWithContent(): Promise<AttackedRoom> {
  const name = `bad-input-${++roomCounter}`;
  const bystander = connect(name);
  let disconnects = 0;
  bystander.on('status', ({ status }) => {
    if (status === 'disconnected') disconnects++;
  });
  await waitFor(() => bystander.synced, 'the bystander to sync');
  bystander.doc.transact(() => {
    bystander.doc.getText('notes').insert(0, BEFORE_TEXT);
    bystander.doc.getMap('meta').set('topic', 'bad input');
  });
  // The room's doc holds only committed state, so seeing it there means it is stored.
  await waitFor(() => relay.sync.rooms.peek(name)?.doc.getText('notes').toString() === BEFORE_TEXT, 'the content to be committed');
  const { headSeq } = await relay.store.load(name);
  return { name, bystander, disconnects: () => disconnects, headSeqBefore: headSeq };
}

/** Replays the stored log like a relay loading the document; every row must apply cleanly. */
function storedDoc(name: string) {
  return replayStored(relay.store, name);
}

/**
 * The bystander keeps working (its next edit reaches a fresh provider), the content from before
 * the attack is still served and stored, and nothing from the attack was stored or relayed.
 */
async function expectRoomUnharmed(room: AttackedRoom): Promise<void> {
  room.bystander.doc.getArray<string>('after').push([AFTER_EDIT]);
  const fresh = connect(room.name);
  await waitFor(() => fresh.synced && fresh.doc.getArray('after').length > 0, "the bystander's new edit to reach a fresh provider");
  expect(fresh.doc.getArray('after').toArray()).toEqual([AFTER_EDIT]);
  expect(fresh.doc.getText('notes').toString()).toBe(BEFORE_TEXT);
  expect(fresh.doc.getMap('meta').get('topic')).toBe('bad input');

  const stored = await storedDoc(room.name);
  expect(stored.unreadableRows).toBe(0);
  // Exactly one row more: the bystander's edit. The attack stored nothing.
  expect(stored.headSeq).toBe(room.headSeqBefore + 1);
  expect(stored.doc.getText('notes').toString()).toBe(BEFORE_TEXT);
  expect(stored.doc.getArray('after').toArray()).toEqual([AFTER_EDIT]);
  expect(stored.doc.getArray('messages').length).toBe(0);

  expect(room.disconnects()).toBe(0);
  expect(consoleError).not.toHaveBeenCalled();
}

// ---------------------------------------------------------------------------------------------

describe('bad input closes only the offending connection', () => {
  it('R-BAD-1: a sync frame cut short closes the sender with 1007 and stores nothing', async () => {
    const room = await roomWithContent();
    const frame = syncUpdateFrame(realUpdate());
    const closed = await attack(room.name, frame.subarray(0, frame.length - 5));
    expect(closed.code).toBe(CloseCode.malformedFrame);
    expect(closed.reason).not.toBe('');
    await expectRoomUnharmed(room);
  });

  it('R-BAD-2: a complete sync frame whose Yjs update cannot be decoded closes the sender with 1007', async () => {
    const room = await roomWithContent();
    const update = realUpdate();
    const corrupt = update.subarray(0, update.length - 4);
    expect(() => Y.decodeUpdate(corrupt)).toThrow();
    const closed = await attack(room.name, syncUpdateFrame(corrupt));
    expect(closed.code).toBe(CloseCode.malformedFrame);
    expect(closed.reason).not.toBe('');
    await expectRoomUnharmed(room);
  });

  it.each([
    ['an item whose left origin is a later clock of its own client', forwardOriginUpdate],
    ['an empty delete range', emptyDeleteRangeUpdate],
  ])(
    'R-BAD-3: a Yjs update that decodes but cannot be applied (%s) is refused with 1007, never stored or relayed',
    async (_what, build) => {
      const room = await roomWithContent();
      const corrupt = build();
      expect(() => Y.decodeUpdate(corrupt)).not.toThrow();
      expect(() => Y.applyUpdate(new Y.Doc(), corrupt)).toThrow();
      const closed = await attack(room.name, syncUpdateFrame(corrupt));
      expect(closed.code).toBe(CloseCode.malformedFrame);
      expect(closed.reason).not.toBe('');
      await expectRoomUnharmed(room);
    },
  );

  it('R-BAD-4: trailing bytes after a complete message close the sender with 1007', async () => {
    const room = await roomWithContent();
    const frame = syncStep1Frame(new Y.Doc());
    const closed = await attack(room.name, Uint8Array.from([...frame, 0]));
    expect(closed.code).toBe(CloseCode.malformedFrame);
    expect(closed.reason).not.toBe('');
    await expectRoomUnharmed(room);
  });

  it('R-BAD-5: an unknown message type (7) closes the sender with 1003', async () => {
    const room = await roomWithContent();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 7);
    encoding.writeVarUint8Array(encoder, realUpdate());
    const closed = await attack(room.name, encoding.toUint8Array(encoder));
    expect(closed.code).toBe(CloseCode.unsupportedMessage);
    expect(closed.reason).not.toBe('');
    await expectRoomUnharmed(room);
  });

  it('R-BAD-6: an unknown sync message type (3) closes the sender with 1003 and stores nothing', async () => {
    const room = await roomWithContent();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, 3);
    encoding.writeVarUint8Array(encoder, realUpdate());
    const closed = await attack(room.name, encoding.toUint8Array(encoder));
    expect(closed.code).toBe(CloseCode.unsupportedMessage);
    expect(closed.reason).not.toBe('');
    await expectRoomUnharmed(room);
  });

  it('R-BAD-7: a text frame closes the sender with 1003', async () => {
    const room = await roomWithContent();
    const closed = await attack(room.name, JSON.stringify({ type: 'sync', update: 'hello' }));
    expect(closed.code).toBe(CloseCode.unsupportedMessage);
    expect(closed.reason).not.toBe('');
    await expectRoomUnharmed(room);
  });

  it('R-BAD-8: a frame larger than MAX_FRAME_BYTES closes the sender with 1009 and is not stored', async () => {
    const room = await roomWithContent();
    // A well-formed update frame, only too big.
    const frame = syncUpdateFrame(realUpdate(['x'.repeat(MAX_FRAME_BYTES)]));
    expect(frame.length).toBeGreaterThan(MAX_FRAME_BYTES);
    const closed = await attack(room.name, frame);
    expect(closed.code).toBe(CloseCode.frameTooLarge);
    await expectRoomUnharmed(room);
  });

  it('R-BAD-9: a frame of exactly MAX_FRAME_BYTES is accepted and stored', async () => {
    // The counterpart of R-BAD-8, so that the limit is known to sit where it is configured.
    const room = await roomWithContent();
    let text = 'y'.repeat(MAX_FRAME_BYTES);
    let frame = syncUpdateFrame(realUpdate([text]));
    text = text.slice(0, text.length - (frame.length - MAX_FRAME_BYTES));
    frame = syncUpdateFrame(realUpdate([text]));
    expect(frame.length).toBe(MAX_FRAME_BYTES);
    const sender = await openRaw(room.name);
    sender.ws.send(frame);
    await waitFor(() => relay.sync.rooms.peek(room.name)?.doc.getArray('messages').length === 1, 'the update to be committed');
    expect(sender.ws.readyState).toBe(WebSocket.OPEN);
    expect((await storedDoc(room.name)).doc.getArray('messages').get(0)).toBe(text);
  });

  it.each([
    ['an encoded path separator', '..%2F..'],
    ['invalid percent-encoding', '%ZZ'],
    ['300 characters', 'a'.repeat(300)],
  ])('R-BAD-10: a document name with %s is refused with 4400 and a reason', async (_what, path) => {
    const room = await roomWithContent();
    const attacker = await openRaw(path, { awaitGreeting: false });
    const closed = await within(attacker.closed, 'the relay to refuse the document name');
    expect(closed.code).toBe(CloseCode.invalidDocName);
    expect(closed.reason).not.toBe('');
    // No document was loaded under the name, raw or decoded.
    expect(relay.sync.rooms.peek(path)).toBeUndefined();
    expect(relay.sync.rooms.peek(path.replace('%2F', '/'))).toBeUndefined();
    await expectRoomUnharmed(room);
  });

  it('R-BAD-11: an awareness update with invalid JSON closes the sender with 1007 and is not relayed', async () => {
    const room = await roomWithContent();
    const ghost = 424_242;
    const closed = await attack(room.name, awarenessFrame([{ clientID: ghost, clock: 1, json: '{"user": {"name": "mallory"' }]));
    expect(closed.code).toBe(CloseCode.malformedFrame);
    expect(closed.reason).not.toBe('');
    await expectRoomUnharmed(room);
    const fresh = connect(room.name);
    await waitFor(() => fresh.synced, 'a fresh provider to sync');
    expect(fresh.awareness.getStates().has(ghost)).toBe(false);
    expect(room.bystander.awareness.getStates().has(ghost)).toBe(false);
  });

  it('R-BAD-12: an awareness update that is invalid after a valid entry changes no presence at all', async () => {
    const room = await roomWithContent();
    const ghost = 424_243;
    const frame = awarenessFrame([
      { clientID: ghost, clock: 1, json: JSON.stringify({ user: { name: 'ghost' } }) },
      { clientID: ghost + 1, clock: 1, json: 'not json' },
    ]);
    const closed = await attack(room.name, frame);
    expect(closed.code).toBe(CloseCode.malformedFrame);
    expect(closed.reason).not.toBe('');
    await expectRoomUnharmed(room);
    // The relay sends the room's presence to every newcomer right after its sync step 1.
    const fresh = connect(room.name);
    await waitFor(() => fresh.synced, 'a fresh provider to sync');
    expect(fresh.awareness.getStates().has(ghost)).toBe(false);
    expect(relay.sync.rooms.peek(room.name)?.awareness.getStates().has(ghost)).toBe(false);
  });

  it('R-BAD-13: a sync step 1 whose state vector cannot be decoded closes the sender with 1007', async () => {
    const room = await roomWithContent();
    const stateVector = Uint8Array.of(5, 1); // five entries announced, half of one present
    expect(() => Y.decodeStateVector(stateVector)).toThrow();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(encoder, stateVector);
    const closed = await attack(room.name, encoding.toUint8Array(encoder));
    expect(closed.code).toBe(CloseCode.malformedFrame);
    expect(closed.reason).not.toBe('');
    await expectRoomUnharmed(room);
  });

  it('R-BAD-14: frames that follow a rejected frame on the same connection are not handled', async () => {
    const room = await roomWithContent();
    const attacker = await openRaw(room.name);
    attacker.ws.send(Uint8Array.of(7)); // unknown message type: the relay closes the connection ...
    attacker.ws.send(syncUpdateFrame(realUpdate())); // ... but this one is on its way already
    const closed = await within(attacker.closed, 'the relay to close the attacking connection');
    expect(closed.code).toBe(CloseCode.unsupportedMessage);
    await expectRoomUnharmed(room);
  });
});
