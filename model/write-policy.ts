// Who may write and delete what in each kind of document: the rules the relay enforces on every
// update. A write is described by its path from the root (`['messages', id, 'text']`) and the
// author of the message it falls under, so the rules stay independent of how Yjs encodes it.
import { CLIENTS_KEY } from './authors.ts';
import type { DocName } from './doc-names.ts';
import { messageIdClient } from './ids.ts';
import { CONVERSATIONS_KEY, inboxFieldOwner } from './inbox.ts';
import { MAX_CLOCK_DRIFT_MS, parseHlc } from './hlc.ts';
import { MESSAGES_KEY, MessageField, parseReactionKey } from './schema.ts';
import { codePointLength, MAX_ATTACHMENTS, MAX_MENTIONS, MAX_TEXT_LENGTH } from './validation.ts';

export type Role = 'admin' | 'moderator' | 'member';

export interface Writer {
  userId: string;
  role: Role;
}

/** Where a written or deleted item sits: its keys from the root; null for a list position. */
export interface ItemPlace {
  path: readonly (string | null)[];
  /** The Yjs clientID that wrote the item. */
  client: number;
  /** For items under `messages/<id>`: the user bound to the clientID that created that message. */
  messageAuthor: string | undefined;
  /** Whether the item is a shared type (Y.Map and friends) rather than a plain value. */
  isType: boolean;
}

export type WriteDenial = { code: 'server_owned' | 'forbidden' | 'unknown_structure' | 'message_too_large' | 'invalid_value'; message: string };

const MODERATORS: ReadonlySet<Role> = new Set(['admin', 'moderator']);

/** Whether `writer` may create the item at `place` in a document of kind `doc`; a denial otherwise. */
export function checkWrite(doc: DocName, place: ItemPlace, writer: Writer): WriteDenial | undefined {
  return byDocument(doc, place, writer, checkMessageWrite);
}

/** Whether `writer` may delete the item at `place`; a denial otherwise. */
export function checkDelete(doc: DocName, place: ItemPlace, writer: Writer): WriteDenial | undefined {
  return byDocument(doc, place, writer, checkMessageDelete);
}

// Heads and inboxes have the same rules for writing and deleting; segments differ.
function byDocument(doc: DocName, place: ItemPlace, writer: Writer, segmentRule: (place: ItemPlace, writer: Writer) => WriteDenial | undefined): WriteDenial | undefined {
  switch (doc.kind) {
    case 'head':
      return serverOwned('the segment list');
    case 'inbox':
      return checkInboxWrite(place.path);
    case 'segment':
      return segmentRule(place, writer);
  }
}

/**
 * Limits on the plain values written into a message, which the model's writers already respect:
 * text length, list sizes, and a clock that is not far ahead of the relay's (an HLC from the
 * future would pin the message below everything written until then).
 */
export function checkValue(doc: DocName, place: ItemPlace, value: unknown, nowMs: number): WriteDenial | undefined {
  if (doc.kind !== 'segment' || place.path[0] !== MESSAGES_KEY || place.path.length !== 3) return undefined;
  switch (place.path[2]) {
    case MessageField.text:
      if (typeof value === 'string' && codePointLength(value) > MAX_TEXT_LENGTH) {
        return { code: 'message_too_large', message: `A message holds at most ${MAX_TEXT_LENGTH} characters` };
      }
      return undefined;
    case MessageField.mentions:
    case MessageField.attachments: {
      const max = place.path[2] === MessageField.mentions ? MAX_MENTIONS : MAX_ATTACHMENTS;
      if (Array.isArray(value) && value.length > max) return { code: 'message_too_large', message: `A message has at most ${max} ${place.path[2]}` };
      return undefined;
    }
    case MessageField.hlc: {
      const hlc = typeof value === 'string' ? parseHlc(value) : undefined;
      if (hlc && hlc.wallMs > nowMs + MAX_CLOCK_DRIFT_MS) return { code: 'invalid_value', message: "The message's clock is too far ahead; check the device's time" };
      return undefined;
    }
    default:
      return undefined;
  }
}

function checkMessageWrite(place: ItemPlace, writer: Writer): WriteDenial | undefined {
  const [root, id, field, key] = place.path;
  if (root === CLIENTS_KEY) return serverOwned('authorship');
  if (root !== MESSAGES_KEY || typeof id !== 'string') return unknown(place.path);
  if (place.path.length === 2) {
    if (!place.isType) return unknown(place.path);
    if (messageIdClient(id) !== place.client) return forbidden(`Message id "${id}" does not belong to the client that wrote it`);
    return undefined;
  }
  if (field === MessageField.reactions && place.path.length === 4) {
    const reaction = typeof key === 'string' ? parseReactionKey(key) : undefined;
    if (reaction?.userId !== writer.userId) return forbidden('Only the reacting user can add or remove their reaction');
    return undefined;
  }
  if (place.messageAuthor === writer.userId) return undefined;
  if (place.path.length === 3 && field === MessageField.deleted && MODERATORS.has(writer.role)) return undefined;
  return forbidden("Only a message's author can change it");
}

function checkMessageDelete(place: ItemPlace, writer: Writer): WriteDenial | undefined {
  const [root, id, field, key] = place.path;
  if (root === CLIENTS_KEY) return serverOwned('authorship');
  if (root !== MESSAGES_KEY || typeof id !== 'string') return unknown(place.path);
  // Messages are tombstoned by deleting their content keys; the message itself always stays.
  if (place.path.length === 2) return forbidden('A message cannot be removed, only deleted (tombstoned)');
  if (field === MessageField.reactions && place.path.length === 4) {
    const reaction = typeof key === 'string' ? parseReactionKey(key) : undefined;
    if (reaction?.userId !== writer.userId) return forbidden("Only the reacting user can remove their reaction");
    return undefined;
  }
  if (place.messageAuthor === writer.userId) return undefined;
  if (place.path.length === 3 && MODERATORS.has(writer.role)) return undefined;
  return forbidden("Only a message's author, a moderator or an admin can delete it");
}

function checkInboxWrite(path: readonly (string | null)[]): WriteDenial | undefined {
  const [root, conversation, key] = path;
  if (root !== CONVERSATIONS_KEY || typeof conversation !== 'string') return unknown(path);
  if (path.length === 2) return serverOwned('inbox entries');
  if (path.length !== 3 || typeof key !== 'string') return unknown(path);
  const owner = inboxFieldOwner(key);
  if (owner === 'client') return undefined;
  if (owner === 'relay') return serverOwned(`the inbox field "${key}"`);
  return unknown(path);
}

function serverOwned(what: string): WriteDenial {
  return { code: 'server_owned', message: `Only the server writes ${what}` };
}

function forbidden(message: string): WriteDenial {
  return { code: 'forbidden', message };
}

function unknown(path: readonly (string | null)[]): WriteDenial {
  const shown = path.map((part) => (part === null ? '[]' : JSON.stringify(part))).join('/');
  return { code: 'unknown_structure', message: `Nothing may be written at ${shown}` };
}
