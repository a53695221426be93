// In-process convergence: several replicas make random sends, edits, deletes and reactions while
// their updates are delivered late, out of order and in any interleaving; once everything is
// delivered every replica lists the same messages in the same order, none lost or duplicated.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { authorResolver, bindClients } from './authors.ts';
import type { Hlc } from './hlc.ts';
import { createHlc, nodeFromClientId, parseHlc, receive, tick } from './hlc.ts';
import { messageId } from './ids.ts';
import type { ListedMessage } from './messages.ts';
import { addReaction, deleteMessage, editMessage, listMessages, removeReaction, sendMessage } from './messages.ts';
import { compareMessages } from './order.ts';

// Two devices of alice, one of bob, one of carol.
const REPLICAS = [
  { clientID: 11, user: 'u-alice' },
  { clientID: 12, user: 'u-alice' },
  { clientID: 21, user: 'u-bob' },
  { clientID: 31, user: 'u-carol' },
];
const EMOJIS = ['👍', '🎉', '❤️'];
const lookup = (name: string) => (['alice', 'bob', 'carol'].includes(name) ? `u-${name}` : undefined);

const arbOp = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('send' as const),
      replica: fc.nat(3),
      skewMs: fc.integer({ min: -60_000, max: 60_000 }),
      reply: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('edit' as const),
      replica: fc.nat(3),
      pick: fc.nat(),
      mention: fc.constantFrom('', ' @bob', ' @alice @carol'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('delete' as const), replica: fc.nat(3), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('react' as const), replica: fc.nat(3), pick: fc.nat(), emoji: fc.nat(2), on: fc.boolean() }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('deliver' as const), replica: fc.nat(3), count: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 10 * 60_000 }) }) },
);
type Op = typeof arbOp extends fc.Arbitrary<infer T> ? T : never;

interface Replica {
  doc: Y.Doc;
  user: string;
  clock: Hlc;
  // Indexes into the shared update log not yet applied here.
  pending: number[];
}

function run(ops: Op[], seed: number): void {
  const log: Uint8Array[] = [];
  const replicas: Replica[] = REPLICAS.map(({ clientID, user }) => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    return { doc, user, clock: createHlc(nodeFromClientId(clientID)), pending: [] };
  });
  for (const replica of replicas) {
    replica.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return;
      log.push(update);
      for (const other of replicas) if (other !== replica) other.pending.push(log.length - 1);
    });
    bindClients(replica.doc, [replica.doc.clientID], replica.user);
  }
  const sent = new Map<string, string>(); // id → author
  let nowMs = 1_700_000_000_000;
  let random = seed;
  const next = (n: number) => (random = (random * 1103515245 + 12345) >>> 0) % n;

  const deliver = (replica: Replica, count: number) => {
    for (let i = 0; i < count && replica.pending.length > 0; i++) {
      const [index] = replica.pending.splice(next(replica.pending.length), 1);
      Y.applyUpdate(replica.doc, log[index ?? 0] ?? new Uint8Array(), 'remote');
    }
    for (const message of listMessages(replica.doc, () => undefined)) {
      const hlc = parseHlc(message.hlc);
      if (hlc) replica.clock = receive(replica.clock, hlc, nowMs);
    }
  };
  const live = (replica: Replica, own: boolean) =>
    listMessages(replica.doc, authorResolver(replica.doc)).filter((m) => !m.deleted && (!own || m.author === replica.user));

  for (const op of ops) {
    if (op.type === 'tick') {
      nowMs += op.ms;
      continue;
    }
    const replica = replicas[op.replica] as Replica;
    const { doc } = replica;
    switch (op.type) {
      case 'send': {
        replica.clock = tick(replica.clock, Math.max(0, nowMs + op.skewMs));
        const replyTo = op.reply ? live(replica, false).at(-1)?.id : undefined;
        const id = sendMessage(
          doc,
          { text: `from ${replica.user} #${sent.size}`, ...(replyTo ? { replyTo } : {}) },
          { hlc: replica.clock, id: messageId(replica.clock, doc.clientID) },
        );
        sent.set(id, replica.user);
        break;
      }
      case 'edit': {
        const own = live(replica, true);
        const target = own[op.pick % Math.max(1, own.length)];
        if (target) editMessage(doc, target.id, `edited by ${doc.clientID} at ${nowMs}${op.mention}`, nowMs, lookup);
        break;
      }
      case 'delete': {
        // carol moderates: she may delete anyone's message.
        const candidates = live(replica, replica.user !== 'u-carol');
        const target = candidates[op.pick % Math.max(1, candidates.length)];
        if (target) deleteMessage(doc, target.id);
        break;
      }
      case 'react': {
        const candidates = live(replica, false);
        const target = candidates[op.pick % Math.max(1, candidates.length)];
        const emoji = EMOJIS[op.emoji] ?? '👍';
        if (target && op.on) addReaction(doc, target.id, emoji, replica.user);
        if (target && !op.on) removeReaction(doc, target.id, emoji, replica.user);
        break;
      }
      case 'deliver':
        deliver(replica, op.count);
        break;
    }
  }
  for (const replica of replicas) deliver(replica, Number.POSITIVE_INFINITY);

  const lists = replicas.map(({ doc }) => listMessages(doc, authorResolver(doc)));
  const [first = []] = lists;
  for (const list of lists) expect(list).toEqual(first);
  expect(first.map((m) => m.id).sort()).toEqual([...sent.keys()].sort());
  expect(first).toEqual([...first].sort(compareMessages));
  for (const message of first) expectConsistent(message, sent.get(message.id));
}

function expectConsistent(message: ListedMessage, author: string | undefined): void {
  expect(message.author).toBe(author);
  if (message.deleted) {
    expect(message).toMatchObject({ text: '', mentions: [], attachments: [], reactions: [], edited: false });
  }
}

describe('convergence', () => {
  it('M-CONV-1: replicas exchanging random operations in any order end with identical message lists, nothing lost or duplicated', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { minLength: 10, maxLength: 80 }), fc.nat(), (ops, seed) => run(ops, seed)),
      { numRuns: 300 },
    );
  });
});
