import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '#protocol/sync-messages.ts';
import { StoredTracker } from './stored-tracker.ts';

// Stands in for the browser WebSocket: only what the tracker touches.
class FakeSocket {
  constructor(_url: string | URL, _protocols?: string | string[]) {}
  send(_data: unknown): void {}
}

function setup() {
  const doc = new Y.Doc();
  const tracker = new StoredTracker(doc);
  const Socket = tracker.wrap(FakeSocket as unknown as typeof WebSocket);
  const syncMessagesSeen: number[] = [];
  const provider = { messageHandlers: [] as Parameters<StoredTracker['attach']>[0]['messageHandlers'] };
  // Stands in for y-websocket's sync handler: records the sync sub-type it is left to read.
  provider.messageHandlers[0] = (_encoder, decoder) => {
    syncMessagesSeen.push(decoding.readVarUint(decoder));
  };
  tracker.attach(provider);
  const relaySends = (payload: Uint8Array) =>
    provider.messageHandlers[0]!(encoding.createEncoder(), decoding.createDecoder(payload), null as never, true, 0);
  const ack = (count: number) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, count);
    provider.messageHandlers[MessageType.stored]!(
      encoding.createEncoder(),
      decoding.createDecoder(encoding.toUint8Array(encoder)),
      null as never,
      true,
      MessageType.stored,
    );
  };
  const frame = (write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    write(encoder);
    return encoding.toUint8Array(encoder);
  };
  const sendUpdate = (socket: WebSocket) => socket.send(frame((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc))));
  const sendStep1 = (socket: WebSocket) => socket.send(frame((e) => syncProtocol.writeSyncStep1(e, doc)));
  return { doc, tracker, Socket, ack, sendUpdate, sendStep1, relaySends, syncMessagesSeen };
}

describe('stored tracker', () => {
  it("says when this device's own writes are stored: all of them, or up to a point", () => {
    const { doc, tracker, Socket, ack, sendUpdate } = setup();
    const socket = new Socket('ws://x');
    expect(tracker.ownWritesStored()).toBe(true);
    doc.getMap('m').set('a', 1);
    const firstWrite = Y.getState(doc.store, doc.clientID);
    sendUpdate(socket);
    expect(tracker.ownWritesStored()).toBe(false);
    doc.getMap('m').set('b', 2);
    ack(1);
    expect(tracker.ownWritesStored(firstWrite)).toBe(true);
    expect(tracker.ownWritesStored()).toBe(false);
    sendUpdate(socket);
    ack(2);
    expect(tracker.ownWritesStored()).toBe(true);
  });

  it('marks content stored once the frame that carried it is acknowledged', () => {
    const { doc, tracker, Socket, ack, sendUpdate, sendStep1 } = setup();
    const socket = new Socket('ws://x');
    let changes = 0;
    tracker.onChange(() => changes++);
    doc.getMap('m').set('a', 1);
    sendStep1(socket); // not update-carrying: not counted
    sendUpdate(socket); // frame 1
    doc.getMap('m').set('b', 2);
    sendUpdate(socket); // frame 2
    expect(tracker.isStored({ client: doc.clientID, clock: 0 })).toBe(false);
    ack(1);
    expect(tracker.isStored({ client: doc.clientID, clock: 0 })).toBe(true);
    expect(tracker.isStored({ client: doc.clientID, clock: 1 })).toBe(false);
    ack(1);
    expect(changes).toBe(1);
    ack(2);
    expect(tracker.isStored({ client: doc.clientID, clock: 1 })).toBe(true);
    expect(changes).toBe(2);
  });

  it('counts frames from the start of each connection', () => {
    const { doc, tracker, Socket, ack, sendUpdate } = setup();
    const first = new Socket('ws://x');
    doc.getMap('m').set('a', 1);
    sendUpdate(first);
    const second = new Socket('ws://x');
    doc.getMap('m').set('b', 2);
    sendUpdate(second);
    ack(1);
    expect(tracker.isStored({ client: doc.clientID, clock: 1 })).toBe(true);
  });

  it("treats the relay's sync step 1 state vector as stored and still hands the message on", () => {
    const { doc, tracker, relaySends, syncMessagesSeen } = setup();
    const earlierSession = new Y.Doc();
    earlierSession.getMap('m').set('a', 1);
    earlierSession.getMap('m').set('b', 2);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(earlierSession));
    const relayState = new Y.Doc();
    Y.applyUpdate(relayState, Y.encodeStateAsUpdate(earlierSession));
    const step1 = encoding.createEncoder();
    syncProtocol.writeSyncStep1(step1, relayState);
    relaySends(encoding.toUint8Array(step1));
    expect(tracker.isStored({ client: earlierSession.clientID, clock: 1 })).toBe(true);
    expect(tracker.isStored({ client: earlierSession.clientID, clock: 2 })).toBe(false);
    expect(syncMessagesSeen).toEqual([0]);
  });

  it('ignores sync messages other than step 1 from the relay', () => {
    const { doc, tracker, relaySends, syncMessagesSeen } = setup();
    doc.getMap('m').set('a', 1);
    const update = encoding.createEncoder();
    syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(doc));
    relaySends(encoding.toUint8Array(update));
    expect(tracker.isStored({ client: doc.clientID, clock: 0 })).toBe(false);
    expect(syncMessagesSeen).toEqual([2]);
  });
});
