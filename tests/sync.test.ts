// R-SYNC: stock y-websocket providers sync through the relay over real WebSockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { waitFor } from './helpers/wait.ts';
import { UNCHECKED_ENV } from './helpers/unchecked.ts';

let relay: TestRelay;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  relay = await startRelay(UNCHECKED_ENV);
});
afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await relay.stop();
});

function connect(room: string, doc = new Y.Doc()): WebsocketProvider {
  const provider = new WebsocketProvider(relay.wsUrl, room, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true });
  providers.push(provider);
  return provider;
}

describe('sync with stock y-websocket providers', () => {
  it('R-SYNC-1: two providers converge on the same document', async () => {
    const a = connect('converge');
    const b = connect('converge');
    await waitFor(() => a.synced && b.synced, 'both providers synced');
    a.doc.getArray<string>('messages').push(['hello from a']);
    b.doc.getArray<string>('messages').push(['hello from b']);
    await waitFor(() => a.doc.getArray('messages').length === 2 && b.doc.getArray('messages').length === 2, 'both messages on both sides');
    expect(a.doc.getArray('messages').toArray()).toEqual(b.doc.getArray('messages').toArray());
  });

  it('R-SYNC-2: a late joiner receives the whole history', async () => {
    const a = connect('history');
    await waitFor(() => a.synced, 'a synced');
    const text = a.doc.getText('t');
    for (let i = 0; i < 100; i++) text.insert(text.length, `${i},`);
    const late = connect('history');
    await waitFor(() => late.doc.getText('t').toString() === text.toString(), 'late joiner has the history');
  });

  it('R-SYNC-3: awareness arrives at the other client and is removed when it disconnects', async () => {
    const a = connect('awareness');
    const b = connect('awareness');
    await waitFor(() => a.synced && b.synced, 'both synced');
    a.awareness.setLocalStateField('user', { name: 'alice' });
    await waitFor(() => b.awareness.getStates().get(a.awareness.clientID)?.user?.name === 'alice', 'b sees alice');
    a.destroy();
    await waitFor(() => !b.awareness.getStates().has(a.awareness.clientID), 'alice removed from b');
  });

  it('R-ACK-3: other clients receive an update only after its commit has finished', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const gated = await startRelay(UNCHECKED_ENV, {
      wrapStore: (store) => ({
        ...store,
        async append(entries) {
          if (entries.length > 0) {
            held++;
            await gate;
          }
          return store.append(entries);
        },
      }),
    });
    const doc = (provider: WebsocketProvider) => provider.doc.getArray<string>('messages');
    const open = (room: string) => {
      const provider = new WebsocketProvider(gated.wsUrl, room, new Y.Doc(), { WebSocketPolyfill: WebSocket as never, disableBc: true });
      providers.push(provider);
      return provider;
    };
    try {
      const a = open('gated');
      const b = open('gated');
      await waitFor(() => a.synced && b.synced, 'both synced');
      doc(a).push(['held back']);
      await waitFor(() => held > 0, 'the commit to start');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(doc(b).length).toBe(0);
      expect(gated.sync.rooms.peek('gated')!.doc.getArray('messages').length).toBe(0);
      release();
      await waitFor(() => doc(b).length === 1, 'delivery after commit');
    } finally {
      release();
      await gated.stop();
    }
  });

  it('R-SYNC-4: content survives the document being evicted and reloaded', async () => {
    const a = connect('evict');
    await waitFor(() => a.synced, 'a synced');
    a.doc.getMap('m').set('k', 'v');
    await waitFor(async () => relay.sync.rooms.peek('evict')?.doc.getMap('m').get('k') === 'v', 'relay stored it');
    a.destroy();
    const b = connect('evict');
    await waitFor(() => b.doc.getMap('m').get('k') === 'v', 'reloaded content');
  });
});
