// Parley's own load scenarios, run by `npm run bench` next to the shared harness's:
//   F  fan-out with and without per-update authorization: registered users in groups, each client
//      a real Y.Doc sending model messages through a stock provider, relay run once with auth and
//      once with INSECURE_NO_AUTH, at equal load; reports relay CPU per delivery.
//   H  opening a 100,000-message conversation on a new device with the app's Conversation module:
//      bytes and time before the first screen (latest 50 messages), one page of older history,
//      and the relay's memory while clients read only the tail.
// The relay is spawned exactly as `npm run serve` runs it, on loopback, and stopped by PID.
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Conversation } from '#sync-client/conversation.ts';
import { createHlc, messageId, parseHlc, segmentDocName, sendMessage, tick } from '../model/index.ts';
import { messagesMap } from '../model/schema.ts';
import { fillHistory } from '../tests/helpers/history.ts';
import { addMember, createGroup, register, type TestUser } from '../tests/helpers/api.ts';
import { freshDatabase } from '../tests/helpers/database.ts';
import { spawnRelay, type RelayProcess } from '../tests/helpers/relay-process.ts';
import { waitFor } from '../tests/helpers/wait.ts';
import { cpuSeconds, rssMB } from './proc.ts';

export interface ParleyRunOptions {
  /** The checkout whose relay is spawned, as its `npm run serve` runs it. */
  root: string;
  backend: 'pglite' | 'postgres';
  pgAdminUrl: string;
  quick: boolean;
}

const TEXT = 'x'.repeat(80);

// ---------------------------------------------------------------- relay process

export interface Storage {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function freshStorage(options: ParleyRunOptions): Promise<Storage> {
  const database = await freshDatabase(options.backend, { adminUrl: options.pgAdminUrl, prefix: 'parley_bench' });
  return { env: { DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl ?? '' }, drop: database.cleanup };
}

export function startRelay(options: ParleyRunOptions, storage: Storage, extra: Record<string, string>): Promise<RelayProcess> {
  const env = {
    API_RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_MAX_FAILURES_PER_IP: '1000000',
    // H seeds 100,000 messages through one user, whose seeding client keeps every segment open.
    MESSAGE_RATE_PER_10S: '1000000',
    UPDATE_RATE_PER_10S: '1000000',
    UPDATE_BYTES_PER_10S: '1000000000',
    MAX_CONNECTIONS_PER_USER: '100000',
    ...storage.env,
    ...extra,
  };
  return spawnRelay(env, [], { root: options.root, startTimeoutMs: 60_000 });
}

// ---------------------------------------------------------------- API

/** A private group owned by `owner` with `members` added by name. */
export async function group(relay: RelayProcess, owner: TestUser, members: TestUser[], name: string): Promise<string> {
  const { id } = await createGroup(relay, owner, { name });
  for (const member of members) await addMember(relay, id, owner, member);
  return id;
}

export async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- F: authorization cost

interface FanOutResult {
  mode: string;
  sent: number;
  delivered: number;
  expected: number;
  cpuPct: number;
  usPerDelivery: number;
  p50: number;
  p99: number;
  rssMB: number;
}

type FanOutMode = 'authorized' | 'authorized, inbox writes deferred' | 'insecure';

async function fanOut(options: ParleyRunOptions, mode: FanOutMode): Promise<FanOutResult> {
  const insecure = mode === 'insecure';
  const rooms = fanOutRooms(options);
  const perRoom = 10;
  const warmupS = options.quick ? 1 : 2;
  const windowS = options.quick ? 5 : 20;
  const storage = await freshStorage(options);
  // Deferring the inbox flush past the window isolates authorization: without it, the relay
  // cannot attribute messages to users and writes no inboxes either.
  const relay = await startRelay(options, storage, {
    INSECURE_NO_AUTH: String(insecure),
    ...(mode === 'authorized, inbox writes deferred' ? { INBOX_FLUSH_MS: '60000' } : {}),
  });
  const providers: WebsocketProvider[] = [];
  try {
    const names = Array.from({ length: rooms * perRoom }, (_, i) => `load${i}`);
    const users = await inBatches(names, 4, (name) => register(relay, name));
    const conversations = await inBatches(
      Array.from({ length: rooms }, (_, r) => r),
      2,
      (r) => group(relay, users[r * perRoom]!, users.slice(r * perRoom + 1, (r + 1) * perRoom), `room ${r}`),
    );
    let measuring = false;
    let delivered = 0;
    const latencies: number[] = [];
    for (let i = 0; i < users.length; i++) {
      const doc = new Y.Doc();
      messagesMap(doc).observe((event, transaction) => {
        if (transaction.local || !measuring) return;
        for (const [key, change] of event.changes.keys) {
          if (change.action !== 'add') continue;
          const hlc = parseHlc(String((messagesMap(doc).get(key) as Y.Map<unknown> | undefined)?.get('hlc') ?? ''));
          if (!hlc) continue;
          delivered++;
          latencies.push(Date.now() - hlc.wallMs);
        }
      });
      providers.push(
        new WebsocketProvider(relay.wsUrl, segmentDocName(conversations[Math.floor(i / perRoom)]!, 0), doc, {
          WebSocketPolyfill: WebSocket as never,
          disableBc: true,
          params: { token: users[i]!.accessToken },
        }),
      );
    }
    await waitFor(() => providers.every((p) => p.synced), 'every client to sync', 120_000);
    let sent = 0;
    const clocks = providers.map((p) => createHlc(p.doc.clientID.toString(36)));
    const timers = providers.map((provider, i) =>
      setTimeout(() => {
        const send = (): void => {
          const hlc = (clocks[i] = tick(clocks[i]!, Date.now()));
          sendMessage(provider.doc, { text: TEXT }, { hlc, id: messageId(hlc, provider.doc.clientID) });
          if (measuring) sent++;
        };
        send();
        timers[i] = setInterval(send, 1000);
      }, Math.random() * 1000),
    );
    await sleep(warmupS * 1000);
    measuring = true;
    const cpuBefore = cpuSeconds(relay.pid);
    const started = performance.now();
    await sleep(windowS * 1000);
    const cpu = cpuSeconds(relay.pid) - cpuBefore;
    const seconds = (performance.now() - started) / 1000;
    for (const timer of timers) clearInterval(timer);
    measuring = false;
    const rss = rssMB(relay.pid);
    latencies.sort((a, b) => a - b);
    const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    return {
      mode: {
        authorized: 'with authorization and inbox writes',
        'authorized, inbox writes deferred': 'with authorization, inbox writes deferred',
        insecure: 'without (INSECURE_NO_AUTH)',
      }[mode],
      sent,
      delivered,
      expected: sent * (perRoom - 1),
      cpuPct: (cpu / seconds) * 100,
      usPerDelivery: (cpu / delivered) * 1e6,
      p50: at(0.5),
      p99: at(0.99),
      rssMB: rss,
    };
  } finally {
    for (const provider of providers) {
      provider.destroy();
      provider.doc.destroy();
    }
    await relay.stop();
    await storage.drop();
  }
}

// Each simulated client is a full Y.Doc in this one process: beyond ~2,000 deliveries/s the
// generator, not the relay, falls behind (seen: 50 rooms delivered 60 % with p99 over 1 s).
function fanOutRooms(options: ParleyRunOptions): number {
  return options.quick ? 10 : 20;
}

export async function authorizationCost(options: ParleyRunOptions): Promise<string> {
  const rooms = fanOutRooms(options);
  const results = [
    await fanOut(options, 'authorized'),
    await fanOut(options, 'authorized, inbox writes deferred'),
    await fanOut(options, 'insecure'),
  ];
  const [full, on, off] = results as [FanOutResult, FanOutResult, FanOutResult];
  const lines = [
    `### F — fan-out with and without per-update authorization (${options.backend}; ${rooms} rooms × 10 registered users, 1 message/s each, Parley schema)`,
    '',
    '| relay | sent | delivered (expected) | relay CPU % | µs / delivery | p50 / p99 ms | RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.mode} | ${r.sent} | ${r.delivered} (${r.expected}) | ${r.cpuPct.toFixed(1)} | ${r.usPerDelivery.toFixed(1)} | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} | ${r.rssMB.toFixed(0)} |`,
    ),
    '',
    `Authorization costs ${(((on.usPerDelivery - off.usPerDelivery) / off.usPerDelivery) * 100).toFixed(1)} % more relay CPU per delivery at equal load; with the inbox writes it enables, ${(((full.usPerDelivery - off.usPerDelivery) / off.usPerDelivery) * 100).toFixed(1)} % (relay process only${options.backend === 'postgres' ? '; Postgres not counted' : ''}).`,
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------- H: opening a long history

/** A WebSocket class that counts the bytes it receives. */
function countingWebSocket(counter: { bytes: number }): unknown {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.on('message', (data: Buffer) => (counter.bytes += data.byteLength));
    }
  };
}

export async function historyOpen(options: ParleyRunOptions): Promise<string> {
  const total = options.quick ? 10_000 : 100_000;
  const opens = 3;
  const storage = await freshStorage(options);
  let relay = await startRelay(options, storage, {});
  const open: Conversation[] = [];
  try {
    const writer = await register(relay, 'writer');
    const readers = await inBatches(
      Array.from({ length: opens }, (_, i) => `reader${i}`),
      2,
      (name) => register(relay, name),
    );
    const conversationId = await group(relay, writer, readers, 'history');
    const seeding = await Conversation.open({
      conversationId,
      userId: writer.userId,
      relayUrl: relay.relayUrl,
      token: writer.accessToken,
      persist: false,
      WebSocketPolyfill: WebSocket as never,
    });
    const seedStarted = performance.now();
    await fillHistory(seeding, total, (n) => `${n} ${TEXT}`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const segments = seeding.list.length;
    await seeding.close();

    // A restarted relay holds nothing of the conversation: what the opens cost shows alone.
    await relay.stop();
    relay = await startRelay(options, storage, {});
    await sleep(2_000);
    const baseline = rssMB(relay.pid);
    const rows: string[] = [];
    for (const reader of readers) {
      const counter = { bytes: 0 };
      const started = performance.now();
      const conversation = await Conversation.open({
        conversationId,
        userId: reader.userId,
        relayUrl: relay.relayUrl,
        token: reader.accessToken,
        persist: false,
        WebSocketPolyfill: countingWebSocket(counter) as never,
      });
      const ms = performance.now() - started;
      open.push(conversation);
      const shown = conversation.messages().slice(-50);
      const firstBytes = counter.bytes;
      const pageStarted = performance.now();
      const added = await conversation.loadOlder();
      const pageMs = performance.now() - pageStarted;
      rows.push(
        `| ${rows.length + 1} | ${shown.length} (of ${conversation.messages().length - added} loaded, ${conversation.segments.size - 1} segment(s)) | ${(firstBytes / 1024).toFixed(1)} KB | ${ms.toFixed(0)} ms | ${added} messages, ${((counter.bytes - firstBytes) / 1024).toFixed(1)} KB, ${pageMs.toFixed(0)} ms |`,
      );
    }
    await sleep(500);
    const after = rssMB(relay.pid);
    return [
      `### H — opening a ${total.toLocaleString('en')}-message conversation on a new device (${options.backend})`,
      '',
      `Seeded through the relay in ${seedSeconds.toFixed(1)} s (${segments} segments). Then the relay restarted and ${opens} new devices opened the conversation one after the other with the app's Conversation module (no local copy): head + newest segment(s) until 50 messages show, then one page of older history.`,
      '',
      '| open | messages on the first screen | bytes received before it | time to it | one older page |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `Relay RSS: ${baseline.toFixed(1)} MB after the restart, ${after.toFixed(1)} MB with the ${opens} readers connected (+${(after - baseline).toFixed(1)} MB for the room's head and the segments they read).`,
    ].join('\n');
  } finally {
    await Promise.all(open.map((conversation) => conversation.close()));
    await relay.stop();
    await storage.drop();
  }
}
