// R-FUZZ: a seeded stream of random, mutated and valid frames from reconnecting raw sockets does
// not crash the relay, does not harm a room's stored content, and does not disturb its
// well-behaved clients. Reproduce a failure with FUZZ_SEED=<seed from the test name>.
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { messageAwareness, messageQueryAwareness, messageSync, WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode } from '../protocol/close-codes.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { waitFor } from './helpers/wait.ts';
import { replayStored } from './helpers/stored-doc.ts';
import { UNCHECKED_ENV } from './helpers/unchecked.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_0001) >>> 0;
const TOTAL_FRAMES = 10_000;
const SOCKETS = 12;
const MAX_FRAME_BYTES = 16 * 1024;
const ROOM = 'fuzz';
/** Fixed, and far (in bytes) from the fuzz clients' one-byte IDs, so that runs reproduce. */
const WRITER_CLIENT_ID = 2_654_435_761;
const NOTES = 'stored before the fuzz: the relay must keep this text intact';
const MESSAGES = Array.from({ length: 30 }, (_, i) => `before-${i}`);
const REPLIES = Array.from({ length: 10 }, (_, i) => `reply-${i}`);
/** Close codes the relay may use for a fuzz socket; anything else (1006, 1011, ...) is a failure. */
const EXPECTED_CLOSE_CODES = new Set<number>([CloseCode.malformedFrame, CloseCode.unsupportedMessage, CloseCode.frameTooLarge]);

let relay: TestRelay;
const providers: WebsocketProvider[] = [];
const sockets = new Set<WebSocket>();
let consoleError: MockInstance<typeof console.error>;

beforeAll(async () => {
  // Low compaction thresholds so that snapshots are written while the fuzz runs.
  relay = await startRelay({ ...UNCHECKED_ENV, MAX_FRAME_BYTES: String(MAX_FRAME_BYTES), COMPACT_AFTER_UPDATES: '200' });
  // A stock provider reports an update it cannot apply only through console.error.
  consoleError = vi.spyOn(console, 'error');
});
afterAll(async () => {
  consoleError?.mockRestore();
  for (const provider of providers) provider.destroy();
  for (const ws of sockets) ws.terminate();
  await relay?.stop();
});

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(readonly next: () => number) {}
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => this.int(256));
  }
}

// ---------------------------------------------------------------------------------------------
// Frames

/** A valid frame taken apart: its leading varUints and its varUint8Array payload, if any. */
interface Template {
  header: number[];
  payload: Uint8Array | null;
}

type FrameKind = 'valid' | 'mutated' | 'random' | 'oversized' | 'text' | 'invalid-utf8';

interface Frame {
  kind: FrameKind;
  data: Uint8Array | string;
  /** false for text frames (a string, or bytes sent as a text frame). */
  binary: boolean;
}

function encodeTemplate({ header, payload }: Template, payloadLength = payload?.length): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const value of header) encoding.writeVarUint(encoder, value);
  if (payload) {
    encoding.writeVarUint(encoder, payloadLength ?? payload.length);
    encoding.writeUint8Array(encoder, payload);
  }
  return encoding.toUint8Array(encoder);
}

function varUint(value: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, value);
  return encoding.toUint8Array(encoder);
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array = new Uint8Array()): Uint8Array {
  return Uint8Array.from([...bytes.subarray(0, at), ...insert, ...bytes.subarray(at + remove)]);
}

/** Damages a valid frame: the byte-level and varint-level corruptions a broken or hostile client produces. */
function mutate(random: Random, template: Template, other: Template): Uint8Array {
  let bytes = encodeTemplate(template);
  const rounds = 1 + random.int(3);
  for (let round = 0; round < rounds; round++) {
    const at = random.int(bytes.length + 1);
    switch (random.int(9)) {
      case 0: // bit flip
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)]! ^= 1 << random.int(8);
        break;
      case 1: // random byte
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = random.int(256);
        break;
      case 2: // truncation
        bytes = bytes.slice(0, random.int(bytes.length));
        break;
      case 3: // byte insertion
        bytes = splice(bytes, at, 0, random.bytes(1 + random.int(3)));
        break;
      case 4: // byte deletion
        bytes = splice(bytes, at, 1 + random.int(3));
        break;
      case 5: {
        // the payload length varint says something else than the payload's real length
        if (!template.payload) break;
        const length = template.payload.length;
        const lie = random.pick([length - 1, length + 1, random.int(length + 1), length + 1 + random.int(1 << 16), 2 ** 32, 2 ** 53 - 1]);
        bytes = encodeTemplate(template, Math.max(0, lie));
        break;
      }
      case 6: {
        // a varint inside the payload turns huge (counts, lengths, clocks, client IDs),
        // or grows more continuation bytes than any integer has
        if (!template.payload || template.payload.length === 0) break;
        const inner = random.int(template.payload.length);
        const big = random.chance(0.2) ? new Uint8Array(11).fill(0xff) : varUint(random.pick([2 ** 31, 2 ** 32 + 7, 2 ** 48, 2 ** 53 - 1]));
        bytes = encodeTemplate({ header: template.header, payload: splice(template.payload, inner, 1, big) });
        break;
      }
      case 7: // another frame glued on: trailing bytes
        bytes = Uint8Array.from([...bytes, ...encodeTemplate(other)]);
        break;
      case 8: // the message (sub)type changes
        if (bytes.length > 0) bytes[random.int(Math.min(2, bytes.length))] = random.pick([0, 1, 2, 3, 4, 7, 100, 127, 0x80]);
        break;
    }
  }
  return bytes;
}

/**
 * One fuzz socket's source of frames: its own Y.Doc (which starts from the room's stored state,
 * so its edits reference the stored items), its own awareness clock, and a pool of recent valid
 * frames to mutate. Its frames depend only on its seed, not on timing.
 */
class FrameSource {
  readonly #random: Random;
  readonly #doc = new Y.Doc();
  readonly #baseVector: Uint8Array;
  readonly #pool: Template[] = [];
  /** The pool's first templates, still to be sent as they are. */
  readonly #unsent: Template[];
  #awarenessClock = 0;
  #counter = 0;

  constructor(
    seed: number,
    readonly clientID: number,
    baseState: Uint8Array,
  ) {
    this.#random = new Random(mulberry32(seed));
    this.#doc.clientID = clientID;
    Y.applyUpdate(this.#doc, baseState);
    this.#baseVector = Y.encodeStateVector(this.#doc);
    for (let i = 0; i < 8; i++) this.#pool.push(this.#valid());
    this.#unsent = [...this.#pool];
  }

  /** How many frames to send before checking that the relay handled them: 1 to 3. */
  batchSize(): number {
    return 1 + this.#random.int(3);
  }

  next(): Frame {
    const random = this.#random;
    const unsent = this.#unsent.shift();
    if (unsent) return { kind: 'valid', data: encodeTemplate(unsent), binary: true };
    const roll = random.next();
    if (roll < 0.12) {
      const length = random.chance(0.7) ? random.int(33) : random.chance(0.9) ? random.int(513) : random.int(4097);
      return { kind: 'random', data: random.bytes(length), binary: true };
    }
    if (roll < 0.125) return { kind: 'oversized', data: random.bytes(MAX_FRAME_BYTES + 1 + random.int(1000)), binary: true };
    if (roll < 0.135) return { kind: 'text', data: `{"type":${random.int(10)},"update":"${random.int(1e9)}"}`, binary: false };
    if (roll < 0.14) return { kind: 'invalid-utf8', data: Uint8Array.from([0x7b, 0xc3, 0x28, 0xff, random.int(256)]), binary: false };
    if (roll < 0.3) {
      const template = this.#valid();
      this.#pool.push(template);
      if (this.#pool.length > 32) this.#pool.shift();
      return { kind: 'valid', data: encodeTemplate(template), binary: true };
    }
    return { kind: 'mutated', data: mutate(random, random.pick(this.#pool), random.pick(this.#pool)), binary: true };
  }

  /** A valid y-websocket frame: an edit, a sync step, an awareness update or an awareness query. */
  #valid(): Template {
    const random = this.#random;
    const doc = this.#doc;
    const roll = random.next();
    if (roll < 0.55) return { header: [messageSync, syncProtocol.messageYjsUpdate], payload: this.#edit() };
    if (roll < 0.65) return { header: [messageSync, syncProtocol.messageYjsSyncStep1], payload: Y.encodeStateVector(doc) };
    if (roll < 0.75) {
      // Step 2 with everything this client wrote; the stored state's own structs are left out so
      // that no mutation can forge structs in the stored writer's name.
      return { header: [messageSync, syncProtocol.messageYjsSyncStep2], payload: Y.encodeStateAsUpdate(doc, this.#baseVector) };
    }
    if (roll < 0.95) {
      const payload = encoding.createEncoder();
      encoding.writeVarUint(payload, 1);
      encoding.writeVarUint(payload, this.clientID);
      encoding.writeVarUint(payload, ++this.#awarenessClock);
      encoding.writeVarString(
        payload,
        random.chance(0.1) ? 'null' : JSON.stringify({ user: { name: `fuzz-${this.clientID}`, n: random.int(1000) } }),
      );
      return { header: [messageAwareness], payload: encoding.toUint8Array(payload) };
    }
    return { header: [messageQueryAwareness], payload: null };
  }

  /** One random edit of this client's doc, as the update a provider would send for it. */
  #edit(): Uint8Array {
    const random = this.#random;
    const doc = this.#doc;
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array): void => {
      updates.push(update);
    };
    doc.on('update', collect);
    const label = `fuzz-${this.clientID}-${++this.#counter}`;
    const kind = random.int(5);
    doc.transact(() => {
      if (kind === 0 || kind === 1) {
        const messages = doc.getArray<string>('messages');
        messages.insert(random.int(messages.length + 1), [label]);
      } else if (kind === 2) {
        const text = doc.getText(`fuzz-text-${this.clientID}`);
        if (text.length > 4 && random.chance(0.4)) text.delete(random.int(text.length - 2), 2);
        else text.insert(random.int(text.length + 1), label);
      } else if (kind === 3) {
        const map = doc.getMap<Y.Array<string> | Y.Text>(`fuzz-map-${this.clientID}`);
        map.set(`k${random.int(4)}`, random.chance(0.5) ? Y.Array.from([label]) : new Y.Text(label));
      } else {
        // Nested edits: items whose parent is another item, not a root type.
        const map = doc.getMap<Y.Array<string> | Y.Text>(`fuzz-map-${this.clientID}`);
        const nested = map.get(`k${random.int(4)}`);
        if (nested instanceof Y.Text) nested.insert(random.int(nested.length + 1), label);
        else if (nested instanceof Y.Array) nested.insert(random.int(nested.length + 1), [label]);
        else map.set(`k${random.int(4)}`, Y.Array.from([label]));
      }
    });
    doc.off('update', collect);
    return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
  }
}

// ---------------------------------------------------------------------------------------------
// Clients

function connect(doc = new Y.Doc()): WebsocketProvider {
  const provider = new WebsocketProvider(relay.wsUrl, ROOM, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true });
  providers.push(provider);
  return provider;
}

function countDisconnects(provider: WebsocketProvider): () => number {
  let disconnects = 0;
  provider.on('status', ({ status }) => {
    if (status === 'disconnected') disconnects++;
  });
  return () => disconnects;
}

/** A raw socket to the room that can tell, after some frames, whether the relay kept it open. */
class FuzzSocket {
  readonly ws: WebSocket;
  closeCode: number | null = null;
  #waiters: Array<() => void> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('pong', () => this.#wake());
    ws.on('close', (code: number) => {
      this.closeCode = code;
      sockets.delete(ws);
      this.#wake();
    });
  }

  /** Opens a socket and waits for the relay's greeting (sync step 1): it is then in the room. */
  static async open(): Promise<FuzzSocket> {
    const ws = new WebSocket(`${relay.wsUrl}/${ROOM}`);
    sockets.add(ws);
    ws.on('error', () => {}); // failures show up as close codes
    const socket = new FuzzSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve());
      ws.once('close', (code: number) => reject(new Error(`fuzz socket closed with ${code} before the relay greeted it`)));
    });
    return socket;
  }

  send(frame: Frame): void {
    if (frame.binary) this.ws.send(frame.data);
    else this.ws.send(frame.data, { binary: false });
  }

  /**
   * Resolves once the relay has handled everything sent so far: with null when it answered a
   * ping (so it kept the connection), or with the close code when it closed the connection.
   */
  async settle(): Promise<number | null> {
    if (this.closeCode !== null) return this.closeCode;
    const woken = new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.ws.ping();
    await woken;
    return this.closeCode;
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

interface FuzzStats {
  sent: Record<FrameKind, number>;
  closes: Map<number, number>;
  /** Closes the relay should not have made: wrong code, or after a batch of valid frames only. */
  unexpected: string[];
}

/** Sends `count` frames from `source`, a few at a time, reopening the socket whenever the relay closes it. */
async function runSocket(source: FrameSource, count: number, stats: FuzzStats, progress: { sent: number }): Promise<void> {
  let socket: FuzzSocket | null = null;
  let remaining = count;
  while (remaining > 0) {
    socket ??= await FuzzSocket.open();
    const batch: Frame[] = [];
    for (let i = source.batchSize(); i > 0 && remaining > 0; i--, remaining--) batch.push(source.next());
    for (const frame of batch) {
      socket.send(frame);
      stats.sent[frame.kind]++;
      progress.sent++;
    }
    const code = await socket.settle();
    if (code === null) continue;
    stats.closes.set(code, (stats.closes.get(code) ?? 0) + 1);
    const kinds = batch.map((frame) => frame.kind).join(',');
    if (!EXPECTED_CLOSE_CODES.has(code)) stats.unexpected.push(`close ${code} after [${kinds}]`);
    else if (batch.every((frame) => frame.kind === 'valid')) stats.unexpected.push(`close ${code} after valid frames only`);
    socket = null;
  }
  if (socket) {
    socket.ws.close(1000);
    await socket.settle();
  }
}

/** Whether `expected` appears in `actual` in order (other entries may be interleaved). */
function inOrder(actual: readonly unknown[], expected: readonly unknown[]): boolean {
  let next = 0;
  for (const item of actual) if (next < expected.length && item === expected[next]) next++;
  return next === expected.length;
}

/** The pre-fuzz content, as found in `doc`; fuzz inserts may sit between the entries. */
function expectPreFuzzContent(doc: Y.Doc, where: string): void {
  expect(doc.getText('notes').toString(), `notes in ${where}`).toBe(NOTES);
  expect(inOrder(doc.getArray('messages').toArray(), MESSAGES), `messages in ${where}`).toBe(true);
  const thread = doc
    .getArray('threads')
    .toArray()
    .find((item): item is Y.Array<string> => item instanceof Y.Array);
  expect(thread, `thread in ${where}`).toBeDefined();
  expect(inOrder(thread!.toArray(), REPLIES), `replies in ${where}`).toBe(true);
}

// ---------------------------------------------------------------------------------------------

describe('fuzzing the relay with bad frames', () => {
  it(`R-FUZZ-1: ${TOTAL_FRAMES} random, mutated and valid frames (seed ${SEED}) leave the relay, the stored content and a well-behaved client unharmed`, async () => {
    const started = performance.now();

    // A stock provider stores content, then stays in the room as the well-behaved client.
    const writerDoc = new Y.Doc();
    writerDoc.clientID = WRITER_CLIENT_ID;
    const writer = connect(writerDoc);
    const writerDisconnects = countDisconnects(writer);
    await waitFor(() => writer.synced, 'the writer to sync');
    writerDoc.transact(() => {
      writerDoc.getText('notes').insert(0, NOTES);
      writerDoc.getArray<string>('messages').push(MESSAGES);
      writerDoc.getArray<Y.Array<string>>('threads').push([Y.Array.from(REPLIES)]);
    });
    await waitFor(() => relay.sync.rooms.peek(ROOM)?.doc.getText('notes').toString() === NOTES, 'the content to be committed');
    const watcher = connect();
    const watcherDisconnects = countDisconnects(watcher);
    await waitFor(() => watcher.synced && watcher.doc.getText('notes').toString() === NOTES, 'the watcher to sync');

    const baseState = Y.encodeStateAsUpdate(writerDoc);
    const stats: FuzzStats = {
      sent: { valid: 0, mutated: 0, random: 0, oversized: 0, text: 0, 'invalid-utf8': 0 },
      closes: new Map(),
      unexpected: [],
    };
    const progress = { sent: 0 };
    const perSocket = Math.ceil(TOTAL_FRAMES / SOCKETS);
    const fuzzing = Promise.all(
      Array.from({ length: SOCKETS }, (_, i) =>
        runSocket(new FrameSource((SEED ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0, i + 1, baseState), perSocket, stats, progress),
      ),
    );

    // Meanwhile the writer keeps editing; each edit must reach the watcher while the fuzz runs.
    const writerEdits: string[] = [];
    const checkpoints = (async () => {
      for (let k = 1; k < 10; k++) {
        await waitFor(() => progress.sent >= (k * TOTAL_FRAMES) / 10, `${k * 10}% of the frames to be sent`, 30_000);
        const edit = `during-${k}`;
        writerEdits.push(edit);
        writerDoc.getArray<string>('writer').push([edit]);
        await waitFor(() => watcher.doc.getArray('writer').toArray().includes(edit), `the writer's edit ${edit} to reach the watcher`);
      }
    })();
    await Promise.all([fuzzing, checkpoints]);
    const fuzzMs = performance.now() - started;

    const context = `seed ${SEED}, sent ${JSON.stringify(stats.sent)}, closes ${JSON.stringify([...stats.closes])}`;
    expect(progress.sent, context).toBeGreaterThanOrEqual(TOTAL_FRAMES);
    expect(stats.unexpected, context).toEqual([]);
    // The fuzz reached every rejection path, so it was not all bounced off one check.
    expect(stats.closes.get(CloseCode.malformedFrame) ?? 0, context).toBeGreaterThan(100);
    expect(stats.closes.get(CloseCode.unsupportedMessage) ?? 0, context).toBeGreaterThan(10);
    expect(stats.closes.get(CloseCode.frameTooLarge) ?? 0, context).toBeGreaterThan(10);

    // The relay still serves: health, readiness, and a new client.
    expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${relay.httpUrl}/readyz`)).status).toBe(200);

    // The well-behaved client's final edit reaches a fresh provider, with everything stored before.
    writerEdits.push('final');
    writerDoc.getArray<string>('writer').push(['final']);
    const fresh = connect();
    await waitFor(
      () => fresh.synced && fresh.doc.getArray('writer').toArray().includes('final'),
      "the writer's final edit to reach a fresh provider",
    );
    expectPreFuzzContent(fresh.doc, 'a fresh provider');
    expect(inOrder(fresh.doc.getArray('writer').toArray(), writerEdits), context).toBe(true);
    // Valid fuzz edits were accepted and stored too.
    expect(fresh.doc.getArray('messages').length, context).toBeGreaterThan(MESSAGES.length);

    // The stored log replays cleanly and holds the same content.
    const { doc: storedDoc, unreadableRows } = await replayStored(relay.store, ROOM);
    expect(unreadableRows, context).toBe(0);
    expectPreFuzzContent(storedDoc, 'the stored log');
    expect(inOrder(storedDoc.getArray('writer').toArray(), writerEdits), context).toBe(true);

    // Nothing the fuzz sent was relayed in a form a stock client could not apply, and the
    // well-behaved clients were never disconnected. Only the three providers are left.
    expect(consoleError, context).not.toHaveBeenCalled();
    expect(writerDisconnects()).toBe(0);
    expect(watcherDisconnects()).toBe(0);
    await waitFor(() => relay.sync.connectionCount === 3, 'the fuzz sockets to be gone from the relay');

    expect(fuzzMs, context).toBeLessThan(45_000);
  });
});
