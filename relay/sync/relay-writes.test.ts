import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conversationsMap, writeRelayFields } from '../../model/inbox.ts';
import { Room } from './room.ts';

describe('relay writes', () => {
  it("reuse one clientID while the room is loaded, so an inbox's state vector does not grow per write", () => {
    const room = new Room('i:ubob');
    for (let i = 1; i <= 50; i++) {
      const update = room.writeAsRelay((doc) => writeRelayFields(doc, 'k1', { unread: i }));
      Y.applyUpdate(room.doc, update);
      room.mirrorCommitted(update);
    }
    expect(Y.decodeStateVector(Y.encodeStateVector(room.doc)).size).toBe(1);
    expect((conversationsMap(room.doc).get('k1') as Y.Map<unknown>).get('unread')).toBe(50);
    room.destroy();
  });

  it('build on updates committed by others, and start over from the committed doc after a failed commit', () => {
    const room = new Room('i:ubob');
    const lost = room.writeAsRelay((doc) => writeRelayFields(doc, 'k1', { unread: 1 }));
    room.dropRelayWriter();
    const client = new Y.Doc();
    Y.applyUpdate(
      client,
      room.writeAsRelay((doc) => writeRelayFields(doc, 'k2', { unread: 2 })),
    );
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(client));
    room.mirrorCommitted(Y.encodeStateAsUpdate(client));
    const next = room.writeAsRelay((doc) => writeRelayFields(doc, 'k2', { unread: 3 }));
    Y.applyUpdate(room.doc, next);
    expect(room.doc.store.pendingStructs).toBeNull();
    expect((conversationsMap(room.doc).get('k2') as Y.Map<unknown>).get('unread')).toBe(3);
    expect(conversationsMap(room.doc).has('k1')).toBe(false);
    expect(lost.byteLength).toBeGreaterThan(0);
    room.destroy();
  });
});
