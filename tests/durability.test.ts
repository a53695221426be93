// R-ACK: an update acknowledged as stored survives the relay being killed with SIGKILL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, encodeSyncUpdate } from '../protocol/sync-messages.ts';
import { freshDatabase, type TestDatabase } from './helpers/database.ts';
import { spawnRelay, type RelayProcess } from './helpers/relay-process.ts';
import { waitFor } from './helpers/wait.ts';
import { UNCHECKED_ENV } from './helpers/unchecked.ts';

/** A raw client that sends one chat message per frame and counts the relay's `stored` acks. */
class StreamingClient {
  readonly doc = new Y.Doc();
  readonly sent: string[] = [];
  stored = 0;
  closed = false;
  readonly ws: WebSocket;

  constructor(
    url: string,
    readonly name: string,
  ) {
    this.ws = new WebSocket(`${url}?acks=1`);
    this.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) === MessageType.stored) this.stored = decoding.readVarUint(decoder);
    });
    this.ws.on('close', () => (this.closed = true));
    this.ws.on('error', () => undefined);
    this.doc.on('update', (update: Uint8Array) => {
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encodeSyncUpdate(update));
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  sendNext(): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const id = `${this.name}-${this.sent.length}`;
    this.sent.push(id);
    this.doc.getArray<string>('messages').push([id]);
  }

  /** Messages the relay said are stored: one message per frame, acks count frames. */
  acknowledged(): string[] {
    return this.sent.slice(0, this.stored);
  }
}

describe('durability across SIGKILL', () => {
  let db: TestDatabase;
  let relay: RelayProcess | undefined;

  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    relay?.child.kill('SIGKILL');
    await db.cleanup();
  });

  it('R-ACK-1: every update acknowledged before a kill -9 is there after restart', async () => {
    const env = { DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl };
    relay = await spawnRelay({ ...UNCHECKED_ENV, ...env });
    const rooms = ['kill-a', 'kill-b'];
    const clients = Array.from({ length: 6 }, (_, i) => new StreamingClient(`${relay!.wsUrl}/${rooms[i % 2]}`, `c${i}`));
    await Promise.all(clients.map((client) => client.opened()));

    const stream = setInterval(() => clients.forEach((client) => client.sendNext()), 2);
    await waitFor(() => clients.every((client) => client.stored >= 20), 'every client to get acks', 30_000);
    // Kill while frames are still in flight: some sent messages are not acknowledged yet.
    relay.child.kill('SIGKILL');
    const { signal } = await relay.exited;
    clearInterval(stream);
    expect(signal).toBe('SIGKILL');
    await waitFor(() => clients.every((client) => client.closed), 'clients to see the connection drop');

    const acknowledged = new Map(rooms.map((room) => [room, [] as string[]]));
    clients.forEach((client, i) => acknowledged.get(rooms[i % 2]!)!.push(...client.acknowledged()));
    const totalSent = clients.reduce((sum, client) => sum + client.sent.length, 0);
    const totalAcked = [...acknowledged.values()].reduce((sum, list) => sum + list.length, 0);
    expect(totalAcked).toBeGreaterThanOrEqual(120);
    expect(totalSent).toBeGreaterThan(totalAcked);

    relay = await spawnRelay({ ...UNCHECKED_ENV, ...env });
    for (const room of rooms) {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(relay.wsUrl, room, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true });
      await waitFor(() => provider.synced, `sync of ${room} after restart`);
      const present = new Set(doc.getArray<string>('messages').toArray());
      const missing = acknowledged.get(room)!.filter((id) => !present.has(id));
      expect(missing).toEqual([]);
      provider.destroy();
    }
    relay.child.kill('SIGTERM');
    await relay.exited;
    relay = undefined;
  });
});
