// The shape of a conversation document and a lenient reader for it. Writers always write
// SCHEMA_VERSION; readers accept any version and ignore fields they do not know, so a message
// written by a newer client still shows on an older one.
import * as Y from 'yjs';

export const SCHEMA_VERSION = 1;

/** Top-level Y.Map of message id → message Y.Map. */
export const MESSAGES_KEY = 'messages';

/** Keys of a message Y.Map. `reactions` is a nested Y.Map; the others hold plain values. */
export const MessageField = {
  version: 'v',
  id: 'id',
  hlc: 'hlc',
  text: 'text',
  replyTo: 'replyTo',
  mentions: 'mentions',
  attachments: 'attachments',
  editedAt: 'editedAt',
  deleted: 'deleted',
  reactions: 'reactions',
} as const;

export const ATTACHMENT_KINDS = ['image', 'video', 'file'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface Attachment {
  /** The media id the relay gave the upload. */
  id: string;
  kind: AttachmentKind;
  name: string;
  size: number;
  mime: string;
  /** Images and videos: their size as shown (after EXIF rotation), so the layout never jumps. */
  width?: number;
  height?: number;
  /** Images and videos: a ThumbHash (base64) drawn until the thumbnail loads. */
  thumbhash?: string;
  /** Videos: their length, and the uploaded image that is their poster frame. */
  durationMs?: number;
  posterId?: string;
}

/** A message as stored, decoded without trusting any field. */
export interface StoredMessage {
  version: number;
  id: string;
  hlc: string;
  text: string;
  replyTo: string | null;
  mentions: string[];
  attachments: Attachment[];
  editedAt: number | null;
  deleted: boolean;
  /** Emoji → user ids, both sorted so every replica lists them alike. */
  reactions: { emoji: string; users: string[] }[];
}

// The user id makes the key owned by the reacting user: adding and removing a reaction only ever
// touches that user's own item. NUL cannot occur in an emoji or a valid user id.
const REACTION_SEPARATOR = '\u0000';

export function reactionKey(emoji: string, userId: string): string {
  return `${emoji}${REACTION_SEPARATOR}${userId}`;
}

export function parseReactionKey(key: string): { emoji: string; userId: string } | undefined {
  const at = key.indexOf(REACTION_SEPARATOR);
  if (at <= 0 || at === key.length - 1) return undefined;
  return { emoji: key.slice(0, at), userId: key.slice(at + 1) };
}

export function messagesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MESSAGES_KEY);
}

/** Decodes a message map; a field of the wrong type reads as absent. Never throws. */
export function readMessage(key: string, map: Y.Map<unknown>): StoredMessage {
  const version = map.get(MessageField.version);
  const hlc = map.get(MessageField.hlc);
  const text = map.get(MessageField.text);
  const replyTo = map.get(MessageField.replyTo);
  const editedAt = map.get(MessageField.editedAt);
  return {
    version: typeof version === 'number' && Number.isFinite(version) ? version : SCHEMA_VERSION,
    // The map key is what other messages refer to; the `id` field only repeats it.
    id: key,
    hlc: typeof hlc === 'string' ? hlc : '',
    text: typeof text === 'string' ? text : '',
    replyTo: typeof replyTo === 'string' ? replyTo : null,
    mentions: readStrings(map.get(MessageField.mentions)),
    attachments: readAttachments(map.get(MessageField.attachments)),
    editedAt: typeof editedAt === 'number' && Number.isFinite(editedAt) ? editedAt : null,
    deleted: isTombstone(map),
    reactions: readReactions(map.get(MessageField.reactions)),
  };
}

// Keys every message this version writes holds until it is deleted.
const CONTENT_FIELDS = [MessageField.text, MessageField.mentions, MessageField.attachments, MessageField.reactions];

/**
 * Deleted, or being deleted: Yjs applies the deletions in an update at once but holds back its new
 * structs until the earlier ones of the same client arrive, so a replica can see a message's
 * content keys gone before its `deleted` flag. Newer schemas may lack keys, so only v1 counts.
 */
export function isTombstone(map: Y.Map<unknown>): boolean {
  if (map.get(MessageField.deleted) === true) return true;
  const version = map.get(MessageField.version);
  if (typeof version === 'number' && version > SCHEMA_VERSION) return false;
  return CONTENT_FIELDS.some((key) => !map.has(key));
}

function readStrings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

function readAttachments(value: unknown): Attachment[] {
  if (!Array.isArray(value)) return [];
  const attachments: Attachment[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, kind, name, size, mime, width, height, thumbhash, durationMs, posterId } = item as Record<string, unknown>;
    if (typeof id !== 'string' || typeof name !== 'string' || typeof mime !== 'string') continue;
    if (typeof size !== 'number' || !isAttachmentKind(kind)) continue;
    attachments.push({
      id,
      kind,
      name,
      size,
      mime,
      ...(typeof width === 'number' && typeof height === 'number' && { width, height }),
      ...(typeof thumbhash === 'string' && { thumbhash }),
      ...(typeof durationMs === 'number' && { durationMs }),
      ...(typeof posterId === 'string' && { posterId }),
    });
  }
  return attachments;
}

export function isAttachmentKind(value: unknown): value is AttachmentKind {
  return (ATTACHMENT_KINDS as readonly unknown[]).includes(value);
}

function readReactions(value: unknown): StoredMessage['reactions'] {
  if (!(value instanceof Y.Map)) return [];
  const byEmoji = new Map<string, string[]>();
  for (const [key, flag] of value.entries()) {
    const parsed = parseReactionKey(key);
    if (!parsed || flag !== true) continue;
    const users = byEmoji.get(parsed.emoji);
    if (users) users.push(parsed.userId);
    else byEmoji.set(parsed.emoji, [parsed.userId]);
  }
  // Y.Map iteration follows the order updates arrived in, which differs between replicas.
  return [...byEmoji.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([emoji, users]) => ({ emoji, users: users.sort(compareStrings) }));
}

/** Code-unit order, independent of locale, so every device sorts alike. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
