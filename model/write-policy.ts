// Who may write and delete what in each kind of document: the rules the relay enforces on every
// update. A write is described by its path from the root (`['messages', id, 'text']`) and the
// author of the message it falls under, so the rules stay independent of how Yjs encodes it.
import { CLIENTS_KEY } from './authors.ts';
import type { DocName } from './doc-names.ts';
import { isMessageId, messageIdClient } from './ids.ts';
import { TOMBSTONE_FIELDS } from './messages.ts';
import { CONVERSATIONS_KEY, inboxFieldOwner } from './inbox.ts';
import { MAX_CLOCK_DRIFT_MS, parseHlc } from './hlc.ts';
import { canDeleteOthersMessages, type Role } from './roles.ts';
import { MESSAGES_KEY, MessageField, parseReactionKey } from './schema.ts';
import { ModelError } from './errors.ts';
import { checkAttachments, checkMentions, codePointLength, isEmoji, MAX_ATTACHMENTS, MAX_MENTIONS, MAX_TEXT_LENGTH } from './validation.ts';

export type { Role } from './roles.ts';

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

export type WriteDenial = {
  code: 'server_owned' | 'forbidden' | 'unknown_structure' | 'message_too_large' | 'invalid_value';
  message: string;
};

/** Whether `writer` may create the item at `place` in a document of kind `doc`; a denial otherwise. */
export function checkWrite(doc: DocName, place: ItemPlace, writer: Writer): WriteDenial | undefined {
  return byDocument(doc, place, writer, checkMessageWrite);
}

/**
 * Whether `writer` may delete the item at `place`; a denial otherwise. `overwritten`: the same
 * update writes a new value under the item's key (Yjs deletes the value a set replaces).
 */
export function checkDelete(doc: DocName, place: ItemPlace, writer: Writer, overwritten = false): WriteDenial | undefined {
  return byDocument(doc, place, writer, (segmentPlace, segmentWriter) => checkMessageDelete(segmentPlace, segmentWriter, overwritten));
}

// Heads and inboxes have the same rules for writing and deleting; segments differ.
function byDocument(
  doc: DocName,
  place: ItemPlace,
  writer: Writer,
  segmentRule: (place: ItemPlace, writer: Writer) => WriteDenial | undefined,
): WriteDenial | undefined {
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
 * Type, format and limits of a plain value written into a message, checked on every element Yjs
 * could return for it (a map key reads its item's last element): text length, list sizes, ids,
 * a reaction flag, and a clock that parses and is not far ahead of the relay's (an HLC from the
 * future would pin the message below everything written until then). Values the model never
 * writes are refused too, so a reader never meets a shape it was not written for.
 */
export function checkValue(doc: DocName, place: ItemPlace, value: unknown, nowMs: number): WriteDenial | undefined {
  if (doc.kind !== 'segment' || place.path[0] !== MESSAGES_KEY) return undefined;
  if (place.path.length === 4 && place.path[2] === MessageField.reactions) {
    const reaction = typeof place.path[3] === 'string' ? parseReactionKey(place.path[3]) : undefined;
    if (!reaction || !isEmoji(reaction.emoji)) return invalid('A reaction must be a single emoji');
    return value === true ? undefined : invalid('A reaction is stored as true');
  }
  if (place.path.length !== 3) return invalid('A message holds only its known fields');
  switch (place.path[2]) {
    case MessageField.text:
      if (typeof value !== 'string') return invalid('Message text must be a string');
      if (codePointLength(value) > MAX_TEXT_LENGTH)
        return { code: 'message_too_large', message: `A message holds at most ${MAX_TEXT_LENGTH} characters` };
      return undefined;
    case MessageField.mentions:
    case MessageField.attachments: {
      const max = place.path[2] === MessageField.mentions ? MAX_MENTIONS : MAX_ATTACHMENTS;
      if (Array.isArray(value) && value.length > max)
        return { code: 'message_too_large', message: `A message has at most ${max} ${place.path[2]}` };
      return modelCheck(() => (place.path[2] === MessageField.mentions ? checkMentions(value) : checkAttachments(value)));
    }
    case MessageField.hlc: {
      const hlc = typeof value === 'string' ? parseHlc(value) : undefined;
      if (!hlc) return invalid("A message's clock must be a hybrid logical clock");
      if (hlc.wallMs > nowMs + MAX_CLOCK_DRIFT_MS) return invalid("The message's clock is too far ahead; check the device's time");
      return undefined;
    }
    case MessageField.id:
    case MessageField.replyTo:
      return isMessageId(value) ? undefined : invalid(`The field "${place.path[2]}" must be a message id`);
    case MessageField.version:
    case MessageField.editedAt:
      return typeof value === 'number' && Number.isFinite(value) ? undefined : invalid(`The field "${place.path[2]}" must be a number`);
    case MessageField.deleted:
      return value === true ? undefined : invalid('A tombstone is stored as true');
    default:
      return invalid(`A message has no field "${String(place.path[2])}"`);
  }
}

/** Whether a shared Y.Map may sit at `place`: a message, its reactions, an inbox entry; nothing else. */
export function checkMapPlace(doc: DocName, place: ItemPlace): WriteDenial | undefined {
  const [root, , field] = place.path;
  const allowed =
    doc.kind === 'segment'
      ? root === MESSAGES_KEY && (place.path.length === 2 || (place.path.length === 3 && field === MessageField.reactions))
      : doc.kind === 'inbox' && root === CONVERSATIONS_KEY && place.path.length === 2;
  return allowed ? undefined : invalid(`A map does not belong at ${place.path.map(String).join('/')}`);
}

function modelCheck(check: () => unknown): WriteDenial | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof ModelError) return invalid(error.message);
    throw error;
  }
}

function invalid(message: string): WriteDenial {
  return { code: 'invalid_value', message };
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
  if (place.path.length === 3 && field === MessageField.deleted && canDeleteOthersMessages(writer.role)) return undefined;
  return forbidden("Only a message's author can change it");
}

function checkMessageDelete(place: ItemPlace, writer: Writer, overwritten: boolean): WriteDenial | undefined {
  const [root, id, field, key] = place.path;
  if (root === CLIENTS_KEY) return serverOwned('authorship');
  if (root !== MESSAGES_KEY || typeof id !== 'string') return unknown(place.path);
  // Messages are tombstoned by deleting their content keys; the message itself always stays.
  if (place.path.length === 2) return forbidden('A message cannot be removed, only deleted (tombstoned)');
  // A tombstone keeps these, so the message keeps its place and its id; they are only replaced.
  if (place.path.length === 3 && typeof field === 'string' && TOMBSTONE_FIELDS.has(field) && !overwritten) {
    return forbidden(`A message's "${field}" is replaced, never removed`);
  }
  if (field === MessageField.reactions && place.path.length === 4) {
    const reaction = typeof key === 'string' ? parseReactionKey(key) : undefined;
    if (reaction?.userId !== writer.userId) return forbidden('Only the reacting user can remove their reaction');
    return undefined;
  }
  if (place.messageAuthor === writer.userId) return undefined;
  if (place.path.length === 3 && canDeleteOthersMessages(writer.role)) return undefined;
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
