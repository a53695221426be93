import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodePresence,
  encodeSyncUpdate,
  MessageType,
  ProtocolError,
  readPresence,
} from './sync-messages.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

function rawFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('decodeClientMessage', () => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hi');
  const update = Y.encodeStateAsUpdate(doc);
  const sv = Y.encodeStateVector(doc);

  it('round-trips every frame type the relay encodes', () => {
    expect(decodeClientMessage(encodeSyncStep1(sv))).toEqual({ type: 'syncStep1', stateVector: sv });
    expect(decodeClientMessage(encodeSyncStep2(update))).toEqual({ type: 'syncStep2', update });
    expect(decodeClientMessage(encodeSyncUpdate(update))).toEqual({ type: 'syncUpdate', update });
    expect(decodeClientMessage(encodeAwareness(bytes(1, 2)))).toEqual({ type: 'awareness', update: bytes(1, 2) });
    expect(decodeClientMessage(bytes(3))).toEqual({ type: 'queryAwareness' });
  });

  it.each([
    ['an empty frame', bytes(), 'malformed_frame'],
    ['a sync frame without sub-type', bytes(0), 'malformed_frame'],
    ['a truncated payload', encodeSyncUpdate(update).slice(0, -1), 'malformed_frame'],
    ['trailing bytes', new Uint8Array([...encodeSyncUpdate(update), 0]), 'malformed_frame'],
    ['an unknown message type', bytes(7), 'unsupported_message'],
    ['the auth type, which only the relay sends', bytes(2, 0), 'unsupported_message'],
    [
      'an unknown sync sub-type',
      rawFrame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 9), encoding.writeVarUint8Array(e, bytes()))),
      'unsupported_message',
    ],
    ['an overlong varint', bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), 'malformed_frame'],
  ])('rejects %s', (_name, frame, code) => {
    try {
      decodeClientMessage(frame);
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).code).toBe(code);
    }
  });
});

describe('the presence message', () => {
  const read = (frame: Uint8Array) => {
    const decoder = decoding.createDecoder(frame);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.presence);
    return readPresence(decoder);
  };

  it('round-trips online and offline with the time last seen', () => {
    const lastSeen = new Date('2030-05-01T10:20:30.000Z');
    expect(read(encodePresence({ userId: 'u0123456789abcdef', online: true, lastSeen: null }))).toEqual({
      userId: 'u0123456789abcdef',
      online: true,
      lastSeen: null,
    });
    expect(read(encodePresence({ userId: 'u0123456789abcdef', online: false, lastSeen }))).toEqual({
      userId: 'u0123456789abcdef',
      online: false,
      lastSeen,
    });
  });

  it('is null when truncated, without a user or with a time that does not parse', () => {
    const whole = encodePresence({ userId: 'u1', online: false, lastSeen: new Date(0) });
    expect(read(whole.slice(0, 3))).toBeNull();
    expect(read(encodePresence({ userId: '', online: true, lastSeen: null }))).toBeNull();
    const badTime = rawFrame((encoder) => {
      encoding.writeVarUint(encoder, MessageType.presence);
      encoding.writeVarString(encoder, 'u1');
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarString(encoder, 'yesterday');
    });
    expect(read(badTime)).toBeNull();
  });
});
