// The y-websocket wire protocol as the relay speaks it, plus Parley's one opt-in extension; the
// relay encodes and decodes with it and the app reads the relay's messages with its constants.
// Message layout: varUint messageType, then the type's payload (see y-protocols).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { denialReason, parseDenialReason, type Denial } from './denials.ts';

/** Documents are served at `${SYNC_PATH}/<name>`; a stock provider is given `base + SYNC_PATH`. */
export const SYNC_PATH = '/sync';

export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Parley extension, sent only to connections that opened with `?acks=1`:
   * varUint count = number of update-carrying sync frames (step 2 and update) from this
   * connection that are now committed to the database, counted from the connection's start.
   */
  stored: 100,
  /**
   * Parley extension, sent only to inbox connections that opened with `?acks=1`: a contact (someone
   * sharing a conversation with the user) came online or went offline anywhere.
   * varString userId · varUint online (1/0) · varString lastSeen (ISO time, empty while online).
   */
  presence: 101,
} as const;

export const SyncMessage = { step1: 0, step2: 1, update: 2 } as const;

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncMessage.step1, stateVector);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncMessage.step2, update);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncMessage.update, update);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** y-protocols' auth message has one variant. */
const AUTH_PERMISSION_DENIED = 0;

/**
 * y-protocols' auth message, "permission denied" variant: a stock provider logs the reason.
 * Parley puts the denial's `{ code, message }` JSON in the reason so clients can act on the code.
 */
export function encodePermissionDenied(denial: Denial): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, AUTH_PERMISSION_DENIED);
  encoding.writeVarString(encoder, denialReason(denial));
  return encoding.toUint8Array(encoder);
}

/** Reads an auth message's payload (after its type): the denial, or null when it is not one of Parley's. */
export function readPermissionDenied(decoder: decoding.Decoder): Denial | null {
  if (decoding.readVarUint(decoder) !== AUTH_PERMISSION_DENIED) return null;
  return parseDenialReason(decoding.readVarString(decoder));
}

export function encodeStored(count: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.stored);
  encoding.writeVarUint(encoder, count);
  return encoding.toUint8Array(encoder);
}

/** A contact's presence as the relay pushes it: `lastSeen` is null while online. */
export interface PresenceChange {
  userId: string;
  online: boolean;
  lastSeen: Date | null;
}

export function encodePresence({ userId, online, lastSeen }: PresenceChange): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.presence);
  encoding.writeVarString(encoder, userId);
  encoding.writeVarUint(encoder, online ? 1 : 0);
  encoding.writeVarString(encoder, online || !lastSeen ? '' : lastSeen.toISOString());
  return encoding.toUint8Array(encoder);
}

/** Reads a presence message's payload (after its type); null when it does not parse. */
export function readPresence(decoder: decoding.Decoder): PresenceChange | null {
  try {
    const userId = decoding.readVarString(decoder);
    const online = decoding.readVarUint(decoder) === 1;
    const seen = decoding.readVarString(decoder);
    const lastSeen = seen ? new Date(seen) : null;
    if (!userId || (lastSeen && Number.isNaN(lastSeen.getTime()))) return null;
    return { userId, online, lastSeen: online ? null : lastSeen };
  } catch {
    return null;
  }
}

function frame(type: number, subtype: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncStep2' | 'syncUpdate'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' };

export class ProtocolError extends Error {
  constructor(
    readonly code: 'malformed_frame' | 'unsupported_message',
    message: string,
  ) {
    super(message);
  }
}

/** Parses one client frame; throws ProtocolError for anything that is not a complete message. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(data);
  const message = readMessage(decoder);
  if (decoding.hasContent(decoder)) {
    throw new ProtocolError('malformed_frame', 'Trailing bytes after the message');
  }
  return message;
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
  const type = guard(() => decoding.readVarUint(decoder));
  switch (type) {
    case MessageType.sync: {
      const subtype = guard(() => decoding.readVarUint(decoder));
      const payload = guard(() => decoding.readVarUint8Array(decoder));
      if (subtype === SyncMessage.step1) return { type: 'syncStep1', stateVector: payload };
      if (subtype === SyncMessage.step2) return { type: 'syncStep2', update: payload };
      if (subtype === SyncMessage.update) return { type: 'syncUpdate', update: payload };
      throw new ProtocolError('unsupported_message', `Unknown sync message type ${subtype}`);
    }
    case MessageType.awareness:
      return { type: 'awareness', update: guard(() => decoding.readVarUint8Array(decoder)) };
    case MessageType.queryAwareness:
      return { type: 'queryAwareness' };
    default:
      throw new ProtocolError('unsupported_message', `Unknown message type ${type}`);
  }
}

function guard<T>(read: () => T): T {
  try {
    return read();
  } catch {
    throw new ProtocolError('malformed_frame', 'Truncated or undecodable frame');
  }
}
