// Scenario M: media on the relay as people run it. Upload throughput over loopback for a 50 MB
// video through the real tus endpoint (tus-js-client, as the app uploads), the time from a 12 MP
// photo's last byte to its thumbnails being ready, and what four photos processed at once do to
// the relay's memory and to chat: message p99 in a 10-member room before and during processing.
import sharp from 'sharp';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createHlc, messageId, parseHlc, segmentDocName, sendMessage, tick } from '../model/index.ts';
import { messagesMap } from '../model/schema.ts';
import { api, register, type TestUser } from '../tests/helpers/api.ts';
import type { RelayProcess } from '../tests/helpers/relay-process.ts';
import { upload } from '../tests/helpers/uploads.ts';
import { waitFor } from '../tests/helpers/wait.ts';
import { freshStorage, group, inBatches, sleep, startRelay, type ParleyRunOptions } from './parley-load.ts';
import { rssMB } from './proc.ts';

const VIDEO_BYTES = 50 * 1024 * 1024;
const MEMBERS = 10;
const CHAT_RATE_PER_CLIENT = 2;

/** A 4000 × 3000 photo with noise in it, so it compresses like a photo rather than like a flat colour. */
async function twelveMegapixelPhoto(): Promise<Buffer> {
  return sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: { r: 90, g: 120, b: 150 },
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** An MP4's first box, then random bytes: sniffed as a video, stored as it is. */
function fiftyMegabyteVideo(): Buffer {
  const data = Buffer.alloc(VIDEO_BYTES);
  for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((Math.random() * 0xffffffff) >>> 0, i);
  Buffer.from([
    0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0, 0x69, 0x73, 0x6f, 0x6d, 0x69, 0x73, 0x6f, 0x32, 0x6d, 0x70,
    0x34, 0x31,
  ]).copy(data);
  return data;
}

/** Time until the media item is processed, asking every 50 ms (the app asks far less often). */
async function readyIn(relay: RelayProcess, user: TestUser, id: string): Promise<number> {
  const started = performance.now();
  const deadline = started + 120_000;
  while (performance.now() < deadline) {
    if (['ready', 'failed'].includes((await api(relay, 'GET', `/api/media/${id}`, { token: user })).body.state))
      return performance.now() - started;
    await sleep(50);
  }
  throw new Error(`media ${id} was not processed within 120 s`);
}

/** Chat in one room while `during` runs: message latencies (send → every other member), ms. */
async function chatLatencies(
  relay: RelayProcess,
  users: TestUser[],
  conversationId: string,
  seconds: number,
  during?: () => Promise<unknown>,
) {
  const latencies: number[] = [];
  // History the clients sync when they join is not a delivery: counted only once all are in.
  let measuring = false;
  const providers = users.map((user) => {
    const doc = new Y.Doc();
    messagesMap(doc).observe((event, transaction) => {
      if (transaction.local || !measuring) return;
      for (const [key, change] of event.changes.keys) {
        if (change.action !== 'add') continue;
        const hlc = parseHlc(String((messagesMap(doc).get(key) as Y.Map<unknown> | undefined)?.get('hlc') ?? ''));
        if (hlc) latencies.push(Date.now() - hlc.wallMs);
      }
    });
    return new WebsocketProvider(relay.wsUrl, segmentDocName(conversationId, 0), doc, {
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
      params: { token: user.accessToken },
    });
  });
  try {
    await waitFor(() => providers.every((provider) => provider.synced), 'the chat clients to sync', 60_000);
    measuring = true;
    const clocks = providers.map((provider) => createHlc(provider.doc.clientID.toString(36)));
    const timers = providers.map((provider, index) =>
      setInterval(() => {
        clocks[index] = tick(clocks[index]!, Date.now());
        sendMessage(provider.doc, { text: 'x'.repeat(60) }, { hlc: clocks[index]!, id: messageId(clocks[index]!, provider.doc.clientID) });
      }, 1000 / CHAT_RATE_PER_CLIENT),
    );
    let peakRss = rssMB(relay.pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMB(relay.pid))), 100);
    const work = during?.();
    await sleep(seconds * 1000);
    await work;
    for (const timer of timers) clearInterval(timer);
    clearInterval(sampler);
    await sleep(500);
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
    return { count: latencies.length, p50: at(0.5), p99: at(0.99), peakRss };
  } finally {
    for (const provider of providers) {
      provider.destroy();
      provider.doc.destroy();
    }
  }
}

export async function mediaLoad(options: ParleyRunOptions): Promise<string> {
  const storage = await freshStorage(options);
  const relay = await startRelay(options, storage, {});
  try {
    const users = await inBatches(
      Array.from({ length: MEMBERS }, (_, i) => `media${i}`),
      4,
      (name) => register(relay, name),
    );
    const owner = users[0]!;
    const conversationId = await group(relay, owner, users.slice(1), 'media bench');
    const idleRss = rssMB(relay.pid);

    const video = fiftyMegabyteVideo();
    const uploadStarted = performance.now();
    const sent = await upload(relay, owner, video, { conversationId, filename: 'clip.mp4', filetype: 'video/mp4' });
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;
    const sniffed = String(sent.finished?.kind ?? '?');

    const photo = await twelveMegapixelPhoto();
    const single = await upload(relay, owner, photo, { conversationId, filename: 'photo.jpg', filetype: 'image/jpeg' });
    const thumbnailMs = await readyIn(relay, owner, single.id);

    const window = options.quick ? 4 : 10;
    const before = await chatLatencies(relay, users, conversationId, window);
    let processing = 0;
    const during = await chatLatencies(relay, users, conversationId, window, async () => {
      const photos = await Promise.all(
        [1, 2, 3, 4].map((n) => upload(relay, owner, photo, { conversationId, filename: `p${n}.jpg`, filetype: 'image/jpeg' })),
      );
      const started = performance.now();
      await Promise.all(photos.map((one) => readyIn(relay, owner, one.id)));
      processing = performance.now() - started;
    });

    return [
      `### M — media (${options.backend}; real tus uploads over loopback, sharp processing with MEDIA_JOBS=2)`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| upload of a 50 MB video (stored as ${sniffed}) | ${uploadSeconds.toFixed(2)} s, ${(VIDEO_BYTES / 1024 / 1024 / uploadSeconds).toFixed(0)} MB/s |`,
      `| 12 MP JPEG (${(photo.length / 1024 / 1024).toFixed(1)} MB): last byte → thumbnails ready | ${thumbnailMs.toFixed(0)} ms |`,
      `| four 12 MP photos at once: all ready after | ${processing.toFixed(0)} ms |`,
      `| chat p50 / p99, ${MEMBERS} members × ${CHAT_RATE_PER_CLIENT} msg/s, before | ${before.p50.toFixed(1)} / ${before.p99.toFixed(1)} ms (${before.count} deliveries) |`,
      `| chat p50 / p99 while the four are uploaded and processed | ${during.p50.toFixed(1)} / ${during.p99.toFixed(1)} ms (${during.count} deliveries) |`,
      `| relay RSS idle / peak before / peak during | ${idleRss.toFixed(0)} / ${before.peakRss.toFixed(0)} / ${during.peakRss.toFixed(0)} MB |`,
      '',
      `Processing four photos moved chat p99 by ${(during.p99 - before.p99).toFixed(1)} ms.`,
    ].join('\n');
  } finally {
    await relay.stop();
    await storage.drop();
  }
}
