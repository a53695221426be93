// A conversation opened while the relay cannot be reached: from this device's copy when it has
// one, and saying so (onUnreachable) while it waits for the relay's copy when it has none.
import 'fake-indexeddb/auto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { headDocName } from '#model/doc-names.ts';
import { createHlc, messageId, sendMessage, tick } from '#model/index.ts';
import { appendSegment } from '#model/segments.ts';
import { Conversation } from './conversation.ts';

/** A port nothing listens on: every attempt to reach the relay fails at once. */
let relayUrl: string;
beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  relayUrl = `ws://127.0.0.1:${address.port}`;
});

const opened: Conversation[] = [];
afterAll(async () => {
  await Promise.all(opened.map((conversation) => conversation.close()));
});

let ids = 0;

function options(conversationId: string, onUnreachable?: () => void) {
  return {
    conversationId,
    userId: 'alice',
    relayUrl,
    token: 't',
    persist: true,
    WebSocketPolyfill: WebSocket as never,
    // Retries wait the longest: the test sees the first failed attempt only.
    random: () => 0.999,
    ...(onUnreachable ? { onUnreachable } : {}),
  };
}

/** Writes a copy of the conversation to this device's IndexedDB, as an earlier visit left it. */
async function keepOnDevice(conversationId: string, text: string): Promise<void> {
  const head = new Y.Doc();
  const headCopy = new IndexeddbPersistence(headDocName(conversationId), head);
  await headCopy.whenSynced;
  const ref = appendSegment(head, conversationId, '');
  const segment = new Y.Doc();
  const segmentCopy = new IndexeddbPersistence(ref.id, segment);
  await segmentCopy.whenSynced;
  const hlc = tick(createHlc('a'), 1_700_000_000_000);
  sendMessage(segment, { text }, { hlc, id: messageId(hlc, segment.clientID) });
  // Closing lets the writes in flight finish; a later open of the same database reads after them.
  await Promise.all([headCopy.destroy(), segmentCopy.destroy()]);
}

describe('a conversation while the relay cannot be reached', () => {
  it("opens from this device's copy and is caught up as far as it can be: offline", async () => {
    const conversationId = `held-${ids++}`;
    await keepOnDevice(conversationId, 'From an earlier visit');
    const conversation = await Conversation.open(options(conversationId));
    opened.push(conversation);
    expect(conversation.messages().map((message) => message.text)).toEqual(['From an earlier visit']);
    expect(await conversation.caughtUp()).toBe('offline');
  });

  it('says it cannot reach the relay while it waits for a copy this device does not hold', async () => {
    const conversationId = `new-${ids++}`;
    let unreachable = 0;
    let done = false;
    void Conversation.open(options(conversationId, () => unreachable++)).then((conversation) => {
      done = true;
      opened.push(conversation);
    });
    await expect.poll(() => unreachable, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(done).toBe(false);
  });
});
