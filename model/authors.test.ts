import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { authorResolver, bindClients, clientBindings, creatorOf } from './authors.ts';
import { docFor, syncAll } from './testing.ts';

describe('authors', () => {
  it('M-AUTH-1: bindClients records each clientID for the user, once', () => {
    const doc = docFor(42);
    bindClients(doc, [42, 7], 'u-alice');
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    bindClients(doc, [7, 42], 'u-alice');
    expect(clientBindings(doc).toJSON()).toEqual({ '42': 'u-alice', '7': 'u-alice' });
    expect(updates).toEqual([]);
  });

  it('M-AUTH-2: the resolver reads bindings written on any replica', () => {
    const alice = docFor(1, 'u-alice');
    const bob = docFor(2, 'u-bob');
    syncAll([alice, bob]);
    const authorOf = authorResolver(bob);
    expect([authorOf(1), authorOf(2), authorOf(3)]).toEqual(['u-alice', 'u-bob', undefined]);
  });

  it("M-AUTH-3: the local user covers this device's own unbound clientID, but never overrides a binding", () => {
    const doc = docFor(5);
    expect(authorResolver(doc, 'u-me')(5)).toBe('u-me');
    expect(authorResolver(doc, 'u-me')(6)).toBeUndefined();
    clientBindings(doc).set('5', 'u-relay-says');
    expect(authorResolver(doc, 'u-me')(5)).toBe('u-relay-says');
  });

  it('M-AUTH-4: the creator of a shared type is the clientID that inserted it, whoever writes into it later', () => {
    const a = docFor(1);
    const b = docFor(2);
    a.getMap('m').set('x', new Y.Map());
    syncAll([a, b]);
    const shared = b.getMap('m').get('x') as Y.Map<unknown>;
    shared.set('y', 1);
    expect(creatorOf(shared)).toBe(1);
    expect(creatorOf(new Y.Map())).toBeUndefined();
  });
});
