import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createHlc, formatHlc, messageId, nodeFromClientId, sendMessage, tick } from '#model/index.ts';
import { messageStatus, notDeliveredText } from './message-status.ts';

function send(doc: Y.Doc, wallMs: number) {
  const hlc = tick(createHlc(nodeFromClientId(doc.clientID)), wallMs);
  const id = sendMessage(doc, { text: `at ${wallMs}` }, { hlc, id: messageId(hlc, doc.clientID) });
  return { id, hlc: formatHlc(hlc) };
}

describe('message status', () => {
  const doc = new Y.Doc();
  const mine = send(doc, 1_000);
  const later = send(doc, 5_000);
  const remote = new Y.Doc();
  const theirs = send(remote, 2_000);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote));
  const local = new Set([doc.clientID]);
  const none = { isStored: () => false, localClients: local, otherReadPositions: [] };

  it('is pending for an own message the relay has not stored', () => {
    expect(messageStatus(doc, mine, none)).toBe('pending');
  });
  it('is sent once stored, and for messages authored elsewhere', () => {
    expect(messageStatus(doc, mine, { ...none, isStored: () => true })).toBe('sent');
    expect(messageStatus(doc, theirs, none)).toBe('sent');
  });
  it('is read when another member read up to or past it, never while pending', () => {
    const context = { isStored: () => true, localClients: local, otherReadPositions: [theirs.hlc] };
    expect(messageStatus(doc, mine, context)).toBe('read');
    expect(messageStatus(doc, later, context)).toBe('sent');
    expect(messageStatus(doc, mine, { ...context, isStored: () => false })).toBe('pending');
  });
  it("is failed when the relay refused this device's updates, for unstored own messages only", () => {
    expect(messageStatus(doc, mine, { ...none, refused: true })).toBe('failed');
    expect(messageStatus(doc, mine, { ...none, isStored: () => true, refused: true })).toBe('sent');
    expect(messageStatus(doc, theirs, { ...none, refused: true })).toBe('sent');
  });
  it('is undefined for an unknown message', () => {
    expect(messageStatus(doc, { id: 'nope~1', hlc: mine.hlc }, none)).toBeUndefined();
  });
});

describe('not delivered text', () => {
  it("gives the relay's reason as one sentence, or none", () => {
    expect(notDeliveredText(undefined)).toBe('Not delivered.');
    expect(notDeliveredText("The message's clock is too far ahead; check the device's time")).toBe(
      "Not delivered: The message's clock is too far ahead; check the device's time.",
    );
    expect(notDeliveredText('Not allowed?')).toBe('Not delivered: Not allowed?');
    expect(notDeliveredText('Done.')).toBe('Not delivered: Done.');
  });
});
