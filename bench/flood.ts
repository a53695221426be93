// Scenario D, an update flood: how long honest members wait while other members flood the relay.
// Bystanders chat at a steady rate in the flooded conversation and in another one; first alone
// (the baseline), then while FLOODERS members of the flooded conversation each send tiny updates
// as fast as a client can: each one reaction, a new emoji on one of the bystanders' messages, so
// every update is valid and needs nothing uncommitted (the flood of the issue "Unforgeable means
// unforgeable": tiny updates, each a new key). Stock providers throughout, so a flooder the relay
// closes reconnects and resyncs as a real client would. The relay runs with its default limits.
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addReaction, createHlc, messageId, parseHlc, segmentDocName, sendMessage, tick } from '../model/index.ts';
import { MessageField, messagesMap } from '../model/schema.ts';
import { MANY_EMOJI } from '../model/testing.ts';
import { register, type TestUser } from '../tests/helpers/api.ts';
import type { RelayProcess } from '../tests/helpers/relay-process.ts';
import { waitFor } from '../tests/helpers/wait.ts';
import { freshStorage, group, inBatches, sleep, startRelay, type ParleyRunOptions } from './parley-load.ts';
import { cpuSeconds } from './proc.ts';

const FLOODERS = 4;
/** Tiny updates each flooder makes per 10 ms tick: up to 10,000 per second each. */
const FLOOD_PER_TICK = 100;
const BYSTANDERS_PER_ROOM = 3;
/** Messages per second each bystander sends. */
const BYSTANDER_RATE = 2;

type Room = 'flooded' | 'other';
type Phase = 'baseline' | 'flood';

interface Client {
  user: TestUser;
  room: Room;
  provider: WebsocketProvider;
}

function connect(relay: RelayProcess, user: TestUser, conversationId: string, room: Room): Client {
  const provider = new WebsocketProvider(relay.wsUrl, segmentDocName(conversationId, 0), new Y.Doc(), {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { token: user.accessToken },
  });
  return { user, room, provider };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export async function updateFlood(options: ParleyRunOptions): Promise<string> {
  const baselineS = options.quick ? 4 : 10;
  const floodS = options.quick ? 6 : 15;
  const storage = await freshStorage(options);
  // Only the API limits are lifted (the setup registers users quickly); the sync limits are the
  // relay's defaults, which are what a flood meets in production.
  const relay = await startRelay(options, storage, {
    MESSAGE_RATE_PER_10S: '20',
    UPDATE_RATE_PER_10S: '1000',
    UPDATE_BYTES_PER_10S: String(4 * 1024 * 1024),
  });
  const clients: Client[] = [];
  const attackers: Client[] = [];
  const timers: NodeJS.Timeout[] = [];
  try {
    const names = [
      ...Array.from({ length: BYSTANDERS_PER_ROOM * 2 }, (_, i) => `bystander${i}`),
      ...Array.from({ length: FLOODERS }, (_, i) => `flooder${i}`),
    ];
    const users = await inBatches(names, 4, (name) => register(relay, name));
    const bystanders = users.slice(0, BYSTANDERS_PER_ROOM * 2);
    const flooders = users.slice(BYSTANDERS_PER_ROOM * 2);
    const flooded = await group(relay, bystanders[0]!, [...bystanders.slice(1, BYSTANDERS_PER_ROOM), ...flooders], 'flooded');
    const other = await group(relay, bystanders[BYSTANDERS_PER_ROOM]!, bystanders.slice(BYSTANDERS_PER_ROOM + 1), 'other');
    for (const [i, user] of bystanders.entries())
      clients.push(i < BYSTANDERS_PER_ROOM ? connect(relay, user, flooded, 'flooded') : connect(relay, user, other, 'other'));
    for (const user of flooders) attackers.push(connect(relay, user, flooded, 'flooded'));
    await waitFor(() => [...clients, ...attackers].every((c) => c.provider.synced), 'every client to sync', 60_000);

    const startedAt = Date.now();
    let phase: Phase | null = null;
    const latencies: Record<Phase, Record<Room, number[]>> = { baseline: { flooded: [], other: [] }, flood: { flooded: [], other: [] } };
    const sent: Record<Phase, number> = { baseline: 0, flood: 0 };
    for (const client of clients) {
      const map = messagesMap(client.provider.doc);
      map.observe((event, transaction) => {
        if (transaction.local || phase === null) return;
        for (const [key, change] of event.changes.keys) {
          if (change.action !== 'add') continue;
          const hlc = parseHlc(String((map.get(key) as Y.Map<unknown> | undefined)?.get(MessageField.hlc) ?? ''));
          // Only bystanders' messages are timed; a flooder's own message carries an old clock.
          if (hlc && hlc.wallMs >= startedAt) latencies[phase][client.room].push(Date.now() - hlc.wallMs);
        }
      });
    }
    for (const client of clients) {
      let clock = createHlc(client.provider.doc.clientID.toString(36));
      const send = (): void => {
        clock = tick(clock, Date.now());
        sendMessage(client.provider.doc, { text: 'x'.repeat(80) }, { hlc: clock, id: messageId(clock, client.provider.doc.clientID) });
        if (phase !== null) sent[phase]++;
      };
      timers.push(setTimeout(() => timers.push(setInterval(send, 1000 / BYSTANDER_RATE)), Math.random() * 500));
    }
    await sleep(1_000);
    phase = 'baseline';
    const cpuBaseline = cpuSeconds(relay.pid);
    await sleep(baselineS * 1000);
    const cpuFloodStart = cpuSeconds(relay.pid);

    // Each flooder reacts to the bystanders' messages, one new emoji per update.
    let floodUpdates = 0;
    let floodCloses = 0;
    for (const attacker of attackers) {
      const doc = attacker.provider.doc;
      const used = new Map<string, number>();
      attacker.provider.on('connection-close', () => floodCloses++);
      timers.push(
        setInterval(() => {
          let made = 0;
          for (const id of messagesMap(doc).keys()) {
            let next = used.get(id) ?? 0;
            for (; next < MANY_EMOJI.length && made < FLOOD_PER_TICK; next++, made++)
              addReaction(doc, id, MANY_EMOJI[next]!, attacker.user.userId);
            used.set(id, next);
            if (made === FLOOD_PER_TICK) break;
          }
          floodUpdates += made;
        }, 10),
      );
    }
    phase = 'flood';
    await sleep(floodS * 1000);
    const cpuEnd = cpuSeconds(relay.pid);
    for (const timer of timers) clearInterval(timer);
    // Messages still in flight when the window closes count, late, in the flood phase.
    await sleep(2_000);
    phase = null;

    const rows: string[] = [];
    for (const p of ['baseline', 'flood'] as const) {
      for (const room of ['flooded', 'other'] as const) {
        const sorted = latencies[p][room].sort((a, b) => a - b);
        rows.push(
          `| ${p} | ${room === 'flooded' ? 'the flooded conversation' : 'another conversation'} | ${sorted.length} | ${percentile(sorted, 0.5).toFixed(1)} | ${percentile(sorted, 0.99).toFixed(1)} | ${(sorted.at(-1) ?? NaN).toFixed(1)} |`,
        );
      }
    }
    const ratio = (room: Room): string => (percentile(latencies.flood[room], 0.99) / percentile(latencies.baseline[room], 0.99)).toFixed(1);
    return [
      `### D — update flood (${options.backend}; ${FLOODERS} flooders sending up to ${FLOOD_PER_TICK * 100} tiny updates/s each, ${BYSTANDERS_PER_ROOM * 2} bystanders at ${BYSTANDER_RATE} messages/s in two conversations)`,
      '',
      '| phase | bystanders in | deliveries | p50 ms | p99 ms | max ms |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `Bystanders sent ${sent.baseline} messages in the ${baselineS} s baseline and ${sent.flood} in the ${floodS} s flood. Flooders made ${floodUpdates} updates and were closed ${floodCloses} times. ` +
        `p99 during the flood / baseline: ${ratio('flooded')}× in the flooded conversation, ${ratio('other')}× in the other. ` +
        `Relay CPU ${(((cpuFloodStart - cpuBaseline) / baselineS) * 100).toFixed(0)} % in the baseline, ${(((cpuEnd - cpuFloodStart) / floodS) * 100).toFixed(0)} % during the flood.`,
    ].join('\n');
  } finally {
    for (const timer of timers) clearInterval(timer);
    for (const client of [...clients, ...attackers]) {
      client.provider.destroy();
      // Its awareness keeps an interval running until the document is destroyed.
      client.provider.doc.destroy();
    }
    await relay.stop();
    await storage.drop();
  }
}
