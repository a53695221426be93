// R-MEM, R-COMPACT, R-OPS, R-SHUT: documents come and go from memory; the relay stops cleanly.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { freshDatabase } from './helpers/database.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { spawnRelay } from './helpers/relay-process.ts';
import { waitFor } from './helpers/wait.ts';
import { UNCHECKED_ENV } from './helpers/unchecked.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relayWith(env: Record<string, string>): Promise<TestRelay> {
  const relay = await startRelay({ ...UNCHECKED_ENV, ...env });
  cleanups.push(() => relay.stop());
  return relay;
}

function provider(wsUrl: string, room: string): WebsocketProvider {
  const p = new WebsocketProvider(wsUrl, room, new Y.Doc(), { WebSocketPolyfill: WebSocket as never, disableBc: true });
  cleanups.push(() => p.destroy());
  return p;
}

describe('document lifecycle', () => {
  it('R-MEM-1: a document is evicted after its last client leaves and reloads on the next connect', async () => {
    const relay = await relayWith({ EVICT_GRACE_MS: '200' });
    const a = provider(relay.wsUrl, 'evictee');
    await waitFor(() => a.synced, 'a synced');
    expect(relay.sync.rooms.peek('evictee')).toBeDefined();
    a.doc.getArray('messages').push(['kept']);
    await waitFor(() => relay.sync.rooms.peek('evictee')?.doc.getArray('messages').length === 1, 'update committed');
    a.destroy();
    await waitFor(() => relay.sync.rooms.peek('evictee') === undefined, 'eviction');
    expect(relay.sync.rooms.loadedCount).toBe(0);

    const b = provider(relay.wsUrl, 'evictee');
    await waitFor(() => b.synced && b.doc.getArray('messages').length === 1, 'reload with content');
    expect(b.doc.getArray('messages').toArray()).toEqual(['kept']);
    expect(relay.sync.rooms.peek('evictee')).toBeDefined();
  });

  it('R-MEM-2: a client returning within the grace period finds the same document in memory', async () => {
    const relay = await relayWith({ EVICT_GRACE_MS: '5000' });
    const a = provider(relay.wsUrl, 'returner');
    await waitFor(() => a.synced, 'a synced');
    const room = relay.sync.rooms.peek('returner');
    a.destroy();
    await waitFor(() => relay.sync.rooms.peek('returner')?.members.size === 0, 'a left');
    const b = provider(relay.wsUrl, 'returner');
    await waitFor(() => b.synced, 'b synced');
    expect(relay.sync.rooms.peek('returner')).toBe(room);
  });

  it('R-MEM-3: connections beyond MAX_LOADED_DOCS are refused with 1013 and others keep working', async () => {
    const relay = await relayWith({ MAX_LOADED_DOCS: '1' });
    const a = provider(relay.wsUrl, 'first');
    await waitFor(() => a.synced, 'a synced');
    const ws = new WebSocket(`${relay.wsUrl}/second`);
    const code = await new Promise<number>((resolve) => ws.on('close', resolve));
    expect(code).toBe(1013);
    a.doc.getMap('m').set('still', 'works');
    await waitFor(() => relay.sync.rooms.peek('first')?.doc.getMap('m').get('still') === 'works', 'first room still served');
  });

  it('R-MEM-4: a client that stops reading is dropped and the others keep receiving', async () => {
    const relay = await relayWith({ MAX_BUFFERED_BYTES: '65536' });
    const writer = provider(relay.wsUrl, 'slow-reader');
    const reader = provider(relay.wsUrl, 'slow-reader');
    await waitFor(() => writer.synced && reader.synced, 'both synced');
    const stalled = new WebSocket(`${relay.wsUrl}/slow-reader`);
    cleanups.push(() => stalled.terminate());
    await new Promise((resolve) => stalled.once('message', resolve));
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();
    const closed = new Promise<number>((resolve) => stalled.once('close', resolve));
    const text = writer.doc.getText('t');
    const chunk = 'x'.repeat(100_000);
    for (let i = 0; i < 200 && stalled.readyState === WebSocket.OPEN; i++) {
      text.insert(text.length, chunk);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (relay.sync.connectionCount < 3) break;
    }
    await waitFor(() => relay.sync.connectionCount === 2, 'the stalled client to be dropped', 30_000);
    (stalled as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toBe(1006);
    await waitFor(() => reader.doc.getText('t').length === text.length, 'the reading client to have everything');
  });

  it('R-COMPACT-1: the log is folded into a snapshot once it grows, without losing updates', async () => {
    const relay = await relayWith({ COMPACT_AFTER_UPDATES: '10', COMPACT_MIN_INTERVAL_MS: '0' });
    const a = provider(relay.wsUrl, 'compacted');
    await waitFor(() => a.synced, 'a synced');
    const list = a.doc.getArray<number>('messages');
    for (let i = 0; i < 35; i++) {
      list.push([i]);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => relay.sync.rooms.peek('compacted')?.doc.getArray('messages').length === 35, 'all committed');
    await waitFor(async () => (await relay.store.load('compacted')).updatesSinceSnapshot < 10, 'compaction');
    const loaded = await relay.store.load('compacted');
    const doc = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    expect(doc.getArray('messages').toArray()).toEqual(Array.from({ length: 35 }, (_, i) => i));
  });
});

describe('storage failure', () => {
  it('R-ACK-2: when a commit fails the sender is closed with 1011 and nobody receives the update', async () => {
    const relay = await relayWith({});
    const a = provider(relay.wsUrl, 'failing');
    const b = provider(relay.wsUrl, 'failing');
    await waitFor(() => a.synced && b.synced, 'both synced');
    const closeCode = new Promise<number>((resolve) => a.ws!.addEventListener('close', (event) => resolve(event.code)));
    await relay.store.close();
    a.doc.getArray('messages').push(['never stored']);
    expect(await closeCode).toBe(1011);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(b.doc.getArray('messages').length).toBe(0);
    expect(relay.sync.rooms.peek('failing')?.doc.getArray('messages').length).toBe(0);
    // The update is still in the sender's document, to be resent when storage is back.
    expect(a.doc.getArray('messages').toArray()).toEqual(['never stored']);
  });
});

describe('compaction pacing', () => {
  it('R-COMPACT-2: a busy document is compacted at most once per COMPACT_MIN_INTERVAL_MS', async () => {
    const relay = await relayWith({ COMPACT_AFTER_UPDATES: '5', COMPACT_MIN_INTERVAL_MS: '600000' });
    const a = provider(relay.wsUrl, 'busy');
    await waitFor(() => a.synced, 'a synced');
    const list = a.doc.getArray<number>('messages');
    for (let i = 0; i < 30; i++) {
      list.push([i]);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await waitFor(() => relay.sync.rooms.peek('busy')?.doc.getArray('messages').length === 30, 'all committed');
    await waitFor(async () => (await relay.store.load('busy')).updatesSinceSnapshot < 30, 'the first compaction');
    // Only the first compaction ran: everything after it is still in the log.
    expect((await relay.store.load('busy')).updatesSinceSnapshot).toBeGreaterThanOrEqual(20);
  });
});

describe('operations', () => {
  it('R-OPS-1: /healthz and /readyz answer when the database is reachable', async () => {
    const relay = await relayWith({});
    const health = await fetch(`${relay.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${relay.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });

  it('R-OPS-2: /readyz answers 503 with a clear error when the database is gone', async () => {
    const relay = await relayWith({});
    await relay.store.close();
    const ready = await fetch(`${relay.httpUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ error: 'database_unreachable' });
  });

  it('R-SHUT-1: SIGTERM stores what was received, closes clients with 1012 and exits 0', async () => {
    const db = await freshDatabase();
    cleanups.push(() => db.cleanup());
    const env = { DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl };
    const relay = await spawnRelay({ ...UNCHECKED_ENV, ...env });
    cleanups.push(() => relay.child.kill('SIGKILL'));
    const a = provider(relay.wsUrl, 'shutdown');
    await waitFor(() => a.synced, 'a synced');
    const closeCode = new Promise<number>((resolve) => a.ws!.addEventListener('close', (event) => resolve(event.code)));
    const list = a.doc.getArray<number>('messages');
    // Keep sending through the shutdown: whatever left the client while its socket was open
    // reaches the relay before the client's close reply, so all of it must be stored.
    const socket = a.ws as unknown as WebSocket;
    let sentWhileOpen = 0;
    const sender = setInterval(() => {
      for (let i = 0; i < 5 && socket.readyState === WebSocket.OPEN; i++) list.push([sentWhileOpen++]);
    }, 1);
    await waitFor(() => sentWhileOpen >= 200, 'some traffic before the signal');
    relay.child.kill('SIGTERM');
    expect(await closeCode).toBe(1012);
    clearInterval(sender);
    expect(await relay.exited).toEqual({ code: 0, signal: null });
    a.destroy();

    const restarted = await spawnRelay({ ...UNCHECKED_ENV, ...env });
    cleanups.push(() => restarted.child.kill('SIGKILL'));
    const b = provider(restarted.wsUrl, 'shutdown');
    await waitFor(() => b.synced, 'b synced');
    expect(b.doc.getArray('messages').length).toBe(sentWhileOpen);
    expect(sentWhileOpen).toBeGreaterThan(200);
  });
});
