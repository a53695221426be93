import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { messageId } from './ids.ts';
import { listMessages, sendMessage } from './messages.ts';
import { compareMessages, mergeOrdered } from './order.ts';
import { docFor, noUsers } from './testing.ts';

// Messages from three writers whose clocks often collide, each captured as its own update.
const arbSends = fc.array(
  fc.record({
    client: fc.integer({ min: 1, max: 3 }),
    wallMs: fc.integer({ min: 0, max: 5 }),
    counter: fc.integer({ min: 0, max: 2 }),
    node: fc.constantFrom('a', 'b'),
  }),
  { minLength: 1, maxLength: 12 },
);

function sendAll(sends: { client: number; wallMs: number; counter: number; node: string }[]): Uint8Array[] {
  const writers = new Map<number, Y.Doc>();
  const updates: Uint8Array[] = [];
  for (const [i, send] of sends.entries()) {
    const doc = writers.get(send.client) ?? docFor(send.client);
    writers.set(send.client, doc);
    const hlc = { wallMs: send.wallMs, counter: send.counter, node: send.node };
    const id = messageId(hlc, send.client);
    if (doc.getMap('messages').has(id)) continue;
    const before = Y.encodeStateVector(doc);
    sendMessage(doc, { text: `m${i}` }, { hlc, id });
    updates.push(Y.encodeStateAsUpdate(doc, before));
  }
  return updates;
}

function texts(doc: Y.Doc): string[] {
  return listMessages(doc, noUsers).map((m) => m.text);
}

describe('display order', () => {
  it('M-ORDER-1: any arrival order of the same updates gives the same list', () => {
    fc.assert(
      fc.property(arbSends, fc.infiniteStream(fc.nat()), (sends, seeds) => {
        const updates = sendAll(sends);
        const reference = docFor(100);
        for (const update of updates) Y.applyUpdate(reference, update);
        const shuffled = docFor(101);
        const order = updates.map((update) => ({ update, key: seeds.next().value as number })).sort((a, b) => a.key - b.key);
        for (const { update } of order) Y.applyUpdate(shuffled, update);
        expect(texts(shuffled)).toEqual(texts(reference));
        const list = listMessages(shuffled, noUsers);
        expect(list).toEqual([...list].sort(compareMessages));
      }),
      { numRuns: 150 },
    );
  });

  it('M-ORDER-2: a message that is shown never moves relative to the others shown; late ones slot in between', () => {
    fc.assert(
      fc.property(arbSends, fc.infiniteStream(fc.nat()), (sends, seeds) => {
        const updates = sendAll(sends)
          .map((update) => ({ update, key: seeds.next().value as number }))
          .sort((a, b) => a.key - b.key);
        const doc = docFor(100);
        let shown: string[] = [];
        for (const { update } of updates) {
          Y.applyUpdate(doc, update);
          const now = listMessages(doc, noUsers).map((m) => m.id);
          expect(now.filter((id) => shown.includes(id))).toEqual(shown);
          shown = now;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('M-ORDER-3: merging lists from several documents gives the order of one document holding them all', () => {
    fc.assert(
      fc.property(arbSends, arbSends, (older, newer) => {
        // Each segment has its own writers (a clientID belongs to one document).
        const groups = [sendAll(older), sendAll(newer.map((send) => ({ ...send, client: send.client + 10 })))];
        const all = docFor(100);
        const segments = groups.map((updates, i) => {
          const segment = docFor(101 + i);
          for (const update of updates) {
            Y.applyUpdate(segment, update);
            Y.applyUpdate(all, update);
          }
          return segment;
        });
        const merged = mergeOrdered(...segments.map((segment) => listMessages(segment, noUsers)));
        expect(merged).toEqual(listMessages(all, noUsers));
      }),
      { numRuns: 100 },
    );
  });

  it('M-ORDER-1: compares by HLC first and by id only to break ties', () => {
    expect(compareMessages({ hlc: 'a', id: 'z' }, { hlc: 'b', id: 'a' })).toBeLessThan(0);
    expect(compareMessages({ hlc: 'a', id: 'b' }, { hlc: 'a', id: 'a' })).toBeGreaterThan(0);
    expect(compareMessages({ hlc: 'a', id: 'a' }, { hlc: 'a', id: 'a' })).toBe(0);
  });
});
