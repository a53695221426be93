// The client sync core (sync-client/) against the real relay over real WebSockets: delivery
// status from the relay's `stored` acks, offline writes, and convergence under random cuts.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import type * as Y from 'yjs';
import { messageStatus, type MessageStatus } from '#sync-client/message-status.ts';
import { openDocument, type OpenedDocument } from '#sync-client/open-document.ts';
import { CloseCode } from '../protocol/close-codes.ts';
import {
  addReaction,
  authorResolver,
  createHlc,
  deleteMessage,
  editMessage,
  listMessages,
  messageId,
  nodeFromClientId,
  removeReaction,
  segmentDocName,
  sendMessage,
  tick,
  type Hlc,
} from '../model/index.ts';
import { addMember, createGroup, register, type TestUser } from './helpers/api.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let relayUrl: string;
beforeAll(async () => {
  // Seeding and random runs send far faster than a person; tests/ws-limits.test.ts covers the rate.
  relay = await startRelay({ MESSAGE_RATE_PER_10S: '1000000', UPDATE_RATE_PER_10S: '1000000', UPDATE_BYTES_PER_10S: '1000000000' });
  relayUrl = relay.wsUrl.replace(/\/sync$/, '');
});
afterAll(async () => {
  await relay.stop();
});

/** A client's network cable: while unplugged, connection attempts are refused. */
class Network {
  up = true;
  readonly sockets = new Set<NodeWebSocket>();
  unplug(): void {
    this.up = false;
    // terminate(): no close frame, the client sees 1006 like a real network loss.
    for (const socket of this.sockets) socket.terminate();
  }
  plug(): void {
    this.up = true;
  }
  webSocketClass(): typeof WebSocket {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the socket subclass's constructor has its own `this`
    const network = this;
    return class extends NodeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        // Port 1 refuses connections at once: an offline attempt fails like one with no route.
        super(network.up ? url : 'ws://127.0.0.1:1/', protocols);
        network.sockets.add(this);
        this.on('close', () => network.sockets.delete(this));
      }
    } as unknown as typeof WebSocket;
  }
}

interface Client {
  opened: OpenedDocument;
  doc: Y.Doc;
  network: Network;
  userId: string;
  clock: Hlc;
}

const users = new Map<string, Promise<TestUser>>();
function user(name: string): Promise<TestUser> {
  let registered = users.get(name);
  if (!registered) users.set(name, (registered = register(relay, name)));
  return registered;
}

/** One group per test key, created by its first client's user; later users are added to it. */
const groups = new Map<string, { id: string; admin: TestUser; members: Set<string> }>();
async function groupWith(key: string, member: TestUser): Promise<string> {
  let group = groups.get(key);
  if (!group) {
    group = { id: (await createGroup(relay, member, { name: key })).id, admin: member, members: new Set([member.userId]) };
    groups.set(key, group);
  }
  if (!group.members.has(member.userId)) {
    await addMember(relay, group.id, group.admin, member);
    group.members.add(member.userId);
  }
  return group.id;
}

const open: OpenedDocument[] = [];
afterAll(async () => {
  await Promise.all(open.map((opened) => opened.close()));
});

/** A client of `username` on segment 0 of the group for `key`; the relay binds its clientID. */
async function connectClient(key: string, username: string, persist = false): Promise<Client> {
  const member = await user(username);
  const name = segmentDocName(await groupWith(key, member), 0);
  const network = new Network();
  // Small jitter keeps reconnects in tests quick; the delays still grow and are capped.
  const opened = await openDocument({
    name,
    relayUrl,
    persist,
    token: member.accessToken,
    WebSocketPolyfill: network.webSocketClass(),
    random: () => 0.05,
  });
  open.push(opened);
  await opened.whenSynced;
  return { opened, doc: opened.doc, network, userId: member.userId, clock: createHlc(nodeFromClientId(opened.doc.clientID)) };
}

function send(client: Client, text: string): { id: string; hlc: string } {
  client.clock = tick(client.clock, Math.max(Date.now(), client.clock.wallMs));
  const id = sendMessage(client.doc, { text }, { hlc: client.clock, id: messageId(client.clock, client.doc.clientID) });
  const message = listMessages(client.doc, () => undefined).find((m) => m.id === id)!;
  return { id, hlc: message.hlc };
}

function statusOf(client: Client, message: { id: string; hlc: string }): MessageStatus | undefined {
  return messageStatus(client.doc, message, {
    isStored: (id) => client.opened.stored.isStored(id),
    localClients: new Set([client.doc.clientID]),
    otherReadPositions: [],
  });
}

const visible = (client: Client) => listMessages(client.doc, authorResolver(client.doc, client.userId));

describe('client sync core', () => {
  it('a sent message is pending until the relay acknowledges it, then sent', async () => {
    const alice = await connectClient('status-a', 'alice');
    const message = send(alice, 'hello');
    expect(statusOf(alice, message)).toBe('pending');
    await waitFor(() => statusOf(alice, message) === 'sent', 'the stored ack');
    expect(alice.opened.status.state).toBe('online');
  });

  it('stops on a close code that retrying cannot fix', async () => {
    const opened = await openDocument({ name: '-not-a-valid-name', relayUrl, persist: false, WebSocketPolyfill: NodeWebSocket as never });
    open.push(opened);
    await waitFor(() => opened.status.state === 'stopped', 'stopped');
    expect(opened.status).toMatchObject({ state: 'stopped', code: CloseCode.invalidDocName });
  });

  it('messages written offline stay pending, then arrive in order and become sent', async () => {
    const alice = await connectClient('offline-b', 'alice', true);
    const bob = await connectClient('offline-b', 'bob');
    alice.network.unplug();
    await waitFor(() => alice.opened.status.state === 'offline', 'alice offline');
    const written = ['one', 'two', 'three'].map((text) => send(alice, text));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(written.map((m) => statusOf(alice, m))).toEqual(['pending', 'pending', 'pending']);
    expect(visible(bob)).toEqual([]);
    alice.network.plug();
    await waitFor(() => visible(bob).length === 3, 'bob receives the offline messages');
    // Authors come from the relay's binding of alice's clientID, not from anything alice wrote.
    expect(visible(bob).map((m) => [m.id, m.text, m.author])).toEqual(
      written.map((m, i) => [m.id, ['one', 'two', 'three'][i], alice.userId]),
    );
    await waitFor(() => written.every((m) => statusOf(alice, m) === 'sent'), 'offline messages sent');
  });

  it('three clients cut off and reconnected at random converge on the same list', async () => {
    // The model refuses blank messages; a visible first character keeps every text sendable.
    const text = fc.string({ minLength: 0, maxLength: 11 }).map((rest) => `m${rest}`);
    const action = fc.oneof(
      fc.record({ kind: fc.constant('send' as const), client: fc.nat(2), text }),
      fc.record({ kind: fc.constant('edit' as const), client: fc.nat(2), pick: fc.nat(), text }),
      fc.record({ kind: fc.constant('delete' as const), client: fc.nat(2), pick: fc.nat() }),
      fc.record({ kind: fc.constant('react' as const), client: fc.nat(2), pick: fc.nat(), emoji: fc.constantFrom('👍', '🎉') }),
      fc.record({ kind: fc.constant('unplug' as const), client: fc.nat(2) }),
      fc.record({ kind: fc.constant('plug' as const), client: fc.nat(2) }),
      fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 150 }) }),
    );
    let run = 0;
    let cuts = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 40 }), async (actions) => {
        const name = `converge-${run++}`;
        const clients = [await connectClient(name, 'user0'), await connectClient(name, 'user1'), await connectClient(name, 'user2')];
        for (const client of clients) client.opened.onStatus((status) => status.state === 'offline' && cuts++);
        const sent = new Set<string>();
        for (const step of actions) {
          if (step.kind === 'pause') {
            await new Promise((resolve) => setTimeout(resolve, step.ms));
            continue;
          }
          const client = clients[step.client]!;
          const live = visible(client).filter((m) => !m.deleted);
          const own = live.filter((m) => m.author === client.userId);
          if (step.kind === 'send') sent.add(send(client, step.text).id);
          else if (step.kind === 'unplug') client.network.unplug();
          else if (step.kind === 'plug') client.network.plug();
          else if (step.kind === 'edit' && own.length > 0)
            editMessage(client.doc, own[step.pick % own.length]!.id, step.text, Date.now(), () => undefined);
          else if (step.kind === 'delete' && own.length > 0) deleteMessage(client.doc, own[step.pick % own.length]!.id);
          else if (step.kind === 'react' && live.length > 0) {
            const target = live[step.pick % live.length]!;
            const reacted = target.reactions.some((r) => r.emoji === step.emoji && r.users.includes(client.userId));
            (reacted ? removeReaction : addReaction)(client.doc, target.id, step.emoji, client.userId);
          }
        }
        for (const client of clients) client.network.plug();
        const lists = () => clients.map((client) => JSON.stringify(visible(client)));
        await waitFor(() => new Set(lists()).size === 1, 'all three lists equal', 15_000);
        const ids = visible(clients[0]!).map((m) => m.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(sent);
        await waitFor(
          () => clients.every((client) => visible(client).every((m) => statusOf(client, m) === 'sent')),
          'every message stored',
        );
        await Promise.all(clients.map((client) => client.opened.close()));
      }),
      { numRuns: 10 },
    );
    // The runs must really have cut connections, or they prove nothing about reconnecting.
    expect(cuts).toBeGreaterThan(0);
  }, 60_000);
});
