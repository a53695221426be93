// Operations on the messages of a conversation document, and the list the UI renders.
// Every write goes only under keys its writer owns: a message map (created by its author), or
// the author's own `${emoji}\0${userId}` key in a message's reactions.
import * as Y from 'yjs';
import type { AuthorOf } from './authors.ts';
import { creatorOf } from './authors.ts';
import { ModelError, ModelErrorCode } from './errors.ts';
import type { Hlc } from './hlc.ts';
import { formatHlc } from './hlc.ts';
import { messageIdClient } from './ids.ts';
import type { UsernameLookup } from './mentions.ts';
import { resolveMentions } from './mentions.ts';
import { compareMessages } from './order.ts';
import type { Attachment, StoredMessage } from './schema.ts';
import { isTombstone, MessageField, messagesMap, reactionKey, readMessage, SCHEMA_VERSION } from './schema.ts';
import { checkAttachments, checkEmoji, checkMentions, checkReplyTo, checkText, checkUserId, MAX_MENTIONS } from './validation.ts';

export interface Draft {
  text: string;
  replyTo?: string;
  /** User ids, usually `resolveMentions(text, lookup)` or picked from autocomplete. */
  mentions?: string[];
  attachments?: Attachment[];
}

export interface ListedMessage {
  id: string;
  hlc: string;
  /** Null when the clientID that wrote the message is bound to nobody (yet). */
  author: string | null;
  text: string;
  replyTo: string | null;
  mentions: string[];
  attachments: Attachment[];
  reactions: { emoji: string; users: string[] }[];
  edited: boolean;
  editedAt: number | null;
  deleted: boolean;
}

// What a tombstone keeps: enough to hold its place in the order and in reply threads.
/** What a deleted message keeps: it stays in order, and replies to it still find it. */
export const TOMBSTONE_FIELDS: ReadonlySet<string> = new Set([
  MessageField.version,
  MessageField.id,
  MessageField.hlc,
  MessageField.replyTo,
  MessageField.deleted,
]);

/** Writes a new message; `id` must come from `messageId(hlc, doc.clientID)`. Returns the id. */
export function sendMessage(doc: Y.Doc, draft: Draft, stamp: { hlc: Hlc; id: string }): string {
  const { id } = stamp;
  if (messageIdClient(id) !== doc.clientID) {
    throw new ModelError(ModelErrorCode.invalidMessageId, `Message id "${id}" is not owned by this client`);
  }
  const hlc = formatHlc(stamp.hlc);
  const attachments = checkAttachments(draft.attachments);
  const text = checkText(draft.text, attachments.length > 0);
  const mentions = checkMentions(draft.mentions);
  const replyTo = checkReplyTo(draft.replyTo);
  const messages = messagesMap(doc);
  if (messages.has(id)) throw new ModelError(ModelErrorCode.duplicateMessage, `Message "${id}" already exists`);

  // Filled before it is inserted, so the whole message is one item tree in one update.
  const message = new Y.Map<unknown>();
  message.set(MessageField.version, SCHEMA_VERSION);
  message.set(MessageField.id, id);
  message.set(MessageField.hlc, hlc);
  message.set(MessageField.text, text);
  if (replyTo !== undefined) message.set(MessageField.replyTo, replyTo);
  message.set(MessageField.mentions, mentions);
  message.set(MessageField.attachments, attachments);
  message.set(MessageField.reactions, new Y.Map<true>());
  messages.set(id, message);
  return id;
}

/** Replaces the text, marks the message edited and recomputes its mentions from the new text. */
export function editMessage(doc: Y.Doc, id: string, text: string, nowMs: number, lookup: UsernameLookup): void {
  const message = liveMessage(doc, id);
  const stored = readMessage(id, message);
  // A newer schema may keep meaning in fields this version would leave stale.
  if (stored.version > SCHEMA_VERSION) {
    throw new ModelError(ModelErrorCode.unsupportedVersion, 'This message was written by a newer version and cannot be edited here');
  }
  if (!Number.isSafeInteger(nowMs) || nowMs < 0) throw new ModelError(ModelErrorCode.invalidClock, `Invalid edit time ${nowMs}`);
  checkText(text, stored.attachments.length > 0);
  if (stored.text === text) return;
  doc.transact(() => {
    message.set(MessageField.text, text);
    message.set(MessageField.editedAt, nowMs);
    message.set(MessageField.mentions, resolveMentions(text, lookup).slice(0, MAX_MENTIONS));
  });
}

/**
 * Tombstones a message: its content keys are deleted, not overwritten, so Yjs garbage-collects
 * the content and it is gone from every later encoding of the document. Calling it again removes
 * content that a concurrent edit brought back.
 */
export function deleteMessage(doc: Y.Doc, id: string): void {
  const message = messagesMap(doc).get(id);
  if (!(message instanceof Y.Map)) throw new ModelError(ModelErrorCode.messageNotFound, `No message "${id}"`);
  doc.transact(() => {
    if (message.get(MessageField.deleted) !== true) message.set(MessageField.deleted, true);
    for (const key of [...message.keys()]) if (!TOMBSTONE_FIELDS.has(key)) message.delete(key);
  });
}

export function addReaction(doc: Y.Doc, id: string, emoji: string, userId: string): void {
  const key = reactionKey(checkEmoji(emoji), checkUserId(userId));
  const reactions = reactionsOf(liveMessage(doc, id));
  if (reactions.get(key) !== true) reactions.set(key, true);
}

export function removeReaction(doc: Y.Doc, id: string, emoji: string, userId: string): void {
  const key = reactionKey(checkEmoji(emoji), checkUserId(userId));
  const message = messagesMap(doc).get(id);
  if (!(message instanceof Y.Map)) throw new ModelError(ModelErrorCode.messageNotFound, `No message "${id}"`);
  const reactions = message.get(MessageField.reactions);
  // A tombstone has no reactions left to remove.
  if (reactions instanceof Y.Map && reactions.has(key)) reactions.delete(key);
}

/** All messages in display order, as plain objects; tombstones are listed with no content. */
export function listMessages(doc: Y.Doc, authorOf: AuthorOf): ListedMessage[] {
  const listed: ListedMessage[] = [];
  for (const [key, value] of messagesMap(doc).entries()) {
    if (!(value instanceof Y.Map)) continue;
    const client = creatorOf(value);
    listed.push(toListed(readMessage(key, value), client === undefined ? null : (authorOf(client) ?? null)));
  }
  return listed.sort(compareMessages);
}

function toListed(message: StoredMessage, author: string | null): ListedMessage {
  const { id, hlc, replyTo, editedAt, deleted } = message;
  // An edit concurrent with the delete can leave text behind; a tombstone never shows it.
  if (deleted) {
    return { id, hlc, author, text: '', replyTo, mentions: [], attachments: [], reactions: [], edited: false, editedAt: null, deleted };
  }
  const { text, mentions, attachments, reactions } = message;
  return { id, hlc, author, text, replyTo, mentions, attachments, reactions, edited: editedAt !== null, editedAt, deleted };
}

function liveMessage(doc: Y.Doc, id: string): Y.Map<unknown> {
  const message = messagesMap(doc).get(id);
  if (!(message instanceof Y.Map)) throw new ModelError(ModelErrorCode.messageNotFound, `No message "${id}"`);
  if (isTombstone(message)) throw new ModelError(ModelErrorCode.messageDeleted, `Message "${id}" is deleted`);
  return message;
}

function reactionsOf(message: Y.Map<unknown>): Y.Map<unknown> {
  const reactions = message.get(MessageField.reactions);
  if (!(reactions instanceof Y.Map)) {
    throw new ModelError(ModelErrorCode.unsupportedVersion, 'This message takes no reactions');
  }
  return reactions;
}
