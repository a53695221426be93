// Abuse limits on the WebSocket side: message rate per user, connections per user, message size.
// Exceeding one gets a clear reason and a close code; nothing already accepted is lost.
import * as decoding from 'lib0/decoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { segmentDocName } from '../model/doc-names.ts';
import { createHlc, tick, type Hlc } from '../model/hlc.ts';
import { messageId } from '../model/ids.ts';
import { addReaction, listMessages, sendMessage } from '../model/messages.ts';
import { messagesMap } from '../model/schema.ts';
import { MANY_EMOJI } from '../model/testing.ts';
import { MAX_TEXT_LENGTH } from '../model/validation.ts';
import { CloseCode } from '../protocol/close-codes.ts';
import { MessageType } from '../protocol/sync-messages.ts';
import { addMember, createGroup, register, type TestUser } from './helpers/api.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let alice: TestUser;
let bob: TestUser;
let segment: string;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  relay = await startRelay({ MESSAGE_RATE_PER_10S: '3', MAX_CONNECTIONS_PER_USER: '3' });
  alice = await register(relay, 'alice');
  bob = await register(relay, 'bob');
  const conversationId = (await createGroup(relay, alice, { name: 'Limits' })).id;
  await addMember(relay, conversationId, alice, bob);
  segment = segmentDocName(conversationId, 0);
});
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
});
afterAll(async () => {
  await relay.stop();
});

interface Closing {
  code: number;
  denied: string | undefined;
}

/** A stock provider that records how the relay closed it and the permission-denied code. */
function connect(user: TestUser, on: TestRelay = relay, doc = segment): { provider: WebsocketProvider; closings: Closing[] } {
  const provider = new WebsocketProvider(on.wsUrl, doc, new Y.Doc(), {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { token: user.accessToken },
  });
  providers.push(provider);
  const closings: Closing[] = [];
  let denied: string | undefined;
  provider.on('status', () => {
    const ws = provider.ws as unknown as WebSocket | null;
    if (!ws || (ws as unknown as { observed?: boolean }).observed) return;
    (ws as unknown as { observed?: boolean }).observed = true;
    ws.addEventListener('message', (event) => {
      const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
      if (decoding.readVarUint(decoder) !== MessageType.auth) return;
      decoding.readVarUint(decoder);
      denied = (JSON.parse(decoding.readVarString(decoder)) as { code: string }).code;
    });
    ws.addEventListener('close', (event) => closings.push({ code: event.code, denied }));
  });
  return { provider, closings };
}

function send(doc: Y.Doc, clock: { hlc: Hlc }, text: string): string {
  clock.hlc = tick(clock.hlc, Date.now());
  return sendMessage(doc, { text }, { hlc: clock.hlc, id: messageId(clock.hlc, doc.clientID) });
}

describe('WebSocket limits', () => {
  it('R-LIMIT-WS-3: a user over the message rate is closed with 1013 and every message still arrives once the rate allows', async () => {
    const sender = connect(alice);
    const reader = connect(bob);
    await waitFor(() => sender.provider.synced && reader.provider.synced, 'both synced');
    const clock = { hlc: createHlc(sender.provider.doc.clientID.toString(36)) };
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(send(sender.provider.doc, clock, `burst ${i}`));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await waitFor(() => sender.closings.some((c) => c.code === CloseCode.overloaded), 'the rate limit to close the sender');
    expect(sender.closings.find((c) => c.code === CloseCode.overloaded)?.denied).toBe('rate_limited');
    // The stock provider reconnects and resends through the sync handshake once the bucket refills.
    await waitFor(() => ids.every((id) => messagesMap(reader.provider.doc).has(id)), 'every message to arrive', 30_000);
    expect(listMessages(reader.provider.doc, () => undefined).map((m) => m.text)).toEqual(ids.map((_, i) => `burst ${i}`));
  }, 60_000);

  it('R-LIMIT-WS-4: a user holding too many connections gets 1013 too_many_connections for the next one', async () => {
    const open = [connect(bob), connect(bob), connect(bob)];
    await waitFor(() => open.every(({ provider }) => provider.synced), 'three connections');
    const extra = connect(bob);
    await waitFor(() => extra.closings.length > 0, 'the fourth connection to be refused');
    expect(extra.closings[0]).toEqual({ code: CloseCode.overloaded, denied: 'too_many_connections' });
  });

  it('R-LIMIT-WS-5: a message over the size limit is refused with message_too_large and not stored', async () => {
    const sender = connect(alice);
    await waitFor(() => sender.provider.synced, 'synced');
    const before = (await relay.store.load(segment)).headSeq;
    const message = new Y.Map<unknown>();
    message.set('text', 'x'.repeat(MAX_TEXT_LENGTH + 1));
    const clock = tick(createHlc(sender.provider.doc.clientID.toString(36)), Date.now());
    messagesMap(sender.provider.doc).set(messageId(clock, sender.provider.doc.clientID), message);
    await waitFor(() => sender.closings.length > 0, 'the oversized message to be refused');
    expect(sender.closings[0]).toEqual({ code: CloseCode.forbidden, denied: 'message_too_large' });
    expect((await relay.store.load(segment)).headSeq).toBe(before);
  });
});

describe('WebSocket limits on updates', () => {
  it('R-LIMIT-WS-6: a user over the update byte rate is closed with 1013, its next handshake is refused with 429 (so providers back off), and others keep chatting', async () => {
    const limited = await startRelay({ UPDATE_BYTES_PER_10S: '4000' });
    try {
      const [carol, dave] = [await register(limited, 'carol'), await register(limited, 'dave')];
      const conversationId = (await createGroup(limited, carol, { name: 'Bytes' })).id;
      await addMember(limited, conversationId, carol, dave);
      const doc = segmentDocName(conversationId, 0);
      const sender = connect(carol, limited, doc);
      const reader = connect(dave, limited, doc);
      await waitFor(() => sender.provider.synced && reader.provider.synced, 'both synced');
      const clock = { hlc: createHlc(sender.provider.doc.clientID.toString(36)) };
      const id = send(sender.provider.doc, clock, 'react to me');
      await waitFor(() => messagesMap(reader.provider.doc).has(id), 'the message to arrive');
      // One backlog-sized update passes (the bucket may go below zero once), the next is refused.
      sender.provider.doc.transact(() => {
        for (const e of MANY_EMOJI.slice(0, 300)) addReaction(sender.provider.doc, id, e, carol.userId);
      });
      addReaction(sender.provider.doc, id, MANY_EMOJI[300]!, carol.userId);
      await waitFor(() => sender.closings.some((c) => c.code === CloseCode.overloaded), 'the byte rate to close the sender');
      expect(sender.closings.find((c) => c.code === CloseCode.overloaded)?.denied).toBe('rate_limited');
      sender.provider.destroy();
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${limited.wsUrl}/${doc}?token=${encodeURIComponent(carol.accessToken)}`);
        ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        ws.on('open', () => {
          resolve(101);
          ws.close();
        });
        ws.on('error', () => {});
      });
      expect(status).toBe(429);
      const other = send(reader.provider.doc, { hlc: createHlc(reader.provider.doc.clientID.toString(36)) }, 'still here');
      await waitFor(
        async () => (await limited.store.load(doc)).updates.length > 0 && messagesMap(reader.provider.doc).has(other),
        'the bystander to keep chatting',
      );
      const check = connect(dave, limited, doc);
      await waitFor(
        () => check.provider.synced && messagesMap(check.provider.doc).has(other),
        "the bystander's message to be stored and served",
      );
    } finally {
      for (const provider of providers.splice(0)) provider.destroy();
      await limited.stop();
    }
  });
});
