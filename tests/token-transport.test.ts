// R-AUTHZ-12: the access token travels in the WebSocket subprotocols, not in the URL that
// browsers print in console errors and proxies log; `?token=` stays the stock providers' fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { openDocument, type OpenedDocument } from '#sync-client/open-document.ts';
import { headDocName } from '../model/index.ts';
import { SYNC_SUBPROTOCOL, tokenProtocols } from '../protocol/sync-auth.ts';
import { createGroup, register, type TestUser } from './helpers/api.ts';
import { OpenProviders } from './helpers/providers.ts';
import { attemptFrames } from './helpers/raw-socket.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';

let relay: TestRelay;
let alice: TestUser;
let head: string;
const sockets: NodeWebSocket[] = [];
const opened: OpenedDocument[] = [];
const providers = new OpenProviders();

beforeAll(async () => {
  relay = await startRelay();
  alice = await register(relay, 'alice');
  head = headDocName((await createGroup(relay, alice, { name: 'Tokens' })).id);
});
afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  for (const document of opened) await document.close();
  providers.destroyAll();
  await relay.stop();
});

/** A WebSocket class that records each socket's URL and offered protocols and keeps the socket. */
function recordingSockets(seen: { url: string; protocols: string[]; socket: NodeWebSocket }[]): typeof WebSocket {
  return class extends NodeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      seen.push({ url: String(url), protocols: [protocols ?? []].flat(), socket: this });
      sockets.push(this);
    }
  } as unknown as typeof WebSocket;
}

/** Opens a raw socket offering `protocols`, and resolves with the protocol the relay chose, or how it closed. */
function rawOpen(protocols: string[]): Promise<{ protocol: string } | { closed: number }> {
  const ws = new NodeWebSocket(`${relay.wsUrl}/${head}`, protocols);
  sockets.push(ws);
  ws.on('error', () => {});
  return new Promise((resolve) => {
    ws.on('message', () => resolve({ protocol: ws.protocol }));
    ws.on('close', (code: number) => resolve({ closed: code }));
  });
}

describe('R-AUTHZ-12: the token out of the URL', () => {
  it("the app's documents send it in the subprotocols, and the relay answers with Parley's, never the token", async () => {
    const seen: { url: string; protocols: string[]; socket: NodeWebSocket }[] = [];
    const document = await openDocument({
      name: head,
      relayUrl: relay.wsUrl.replace(/\/sync$/, ''),
      persist: false,
      getToken: async () => alice.accessToken,
      WebSocketPolyfill: recordingSockets(seen),
    });
    opened.push(document);
    await document.whenSynced;
    expect(seen.length).toBeGreaterThan(0);
    for (const { url, protocols, socket } of seen) {
      expect(url).not.toContain('token');
      expect(url).not.toContain(alice.accessToken);
      expect(protocols).toEqual(tokenProtocols(alice.accessToken));
      expect(socket.protocol).toBe(SYNC_SUBPROTOCOL);
    }
  });

  it('a wrong token in the subprotocols is refused like one in the query, and wins over a good query token', async () => {
    const viaQuery = await attemptFrames(relay.wsUrl, 'not.a.jwt', head, [], sockets);
    expect([viaQuery.code, viaQuery.denied]).toEqual([4401, 'token_invalid']);
    const viaHeader = new NodeWebSocket(`${relay.wsUrl}/${head}?token=${alice.accessToken}`, tokenProtocols('not.a.jwt'));
    sockets.push(viaHeader);
    viaHeader.on('error', () => {});
    const closed = await new Promise<number>((resolve) => viaHeader.on('close', (code: number) => resolve(code)));
    expect(closed).toBe(4401);
  });

  it('a socket offering only the token protocol, without parley.sync, is not answered with it', async () => {
    const answer = await rawOpen([`parley.token.${alice.accessToken}`]);
    // The relay selects none, and a client that offered protocols refuses a handshake without one.
    expect(answer).toEqual({ closed: 1006 });
  });

  it('a stock provider with ?token= still syncs (the documented fallback)', async () => {
    const provider = await providers.open(relay, head, alice.accessToken);
    expect(provider.wsconnected).toBe(true);
  });
});
