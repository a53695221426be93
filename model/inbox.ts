// The per-user inbox document: one entry per conversation, synced across the user's devices.
// Each entry mixes fields the user's clients write (read position, draft, flags) and fields only
// the relay can know without opening the conversation (activity, preview, counts); the two key
// lists below are what the relay enforces. Entries themselves are created by the relay only, so
// two devices never race to create the same entry and lose each other's fields.
import * as Y from 'yjs';
import { ModelError, ModelErrorCode } from './errors.ts';
import { parseHlc } from './hlc.ts';
import { isRole, type Role } from './roles.ts';
import { compareStrings, isAttachmentKind, type Attachment } from './schema.ts';
import { codePointLength, MAX_TEXT_LENGTH } from './validation.ts';

/** Top-level Y.Map of conversation id → entry Y.Map. */
export const CONVERSATIONS_KEY = 'conversations';

/**
 * Keys a user's own clients write. The read marker is stored as one key per clientID,
 * `readMarker:<clientID>`, and read as their maximum: concurrent marks from two devices then
 * merge to the later one instead of whichever Y.Map happens to keep.
 */
export const CLIENT_FIELDS = ['readMarker', 'draft', 'pinned', 'muted'] as const;
/** Keys only the relay writes. */
export const RELAY_FIELDS = [
  'lastActivity',
  'preview',
  'unread',
  'mentions',
  'title',
  'kind',
  'changedAt',
  'otherUser',
  'role',
  'memberCount',
  'topic',
  'visibility',
] as const;

export const PREVIEW_LENGTH = 140;
const READ_MARKER_PREFIX = 'readMarker:';

export type ConversationKind = 'dm' | 'group';
export type Visibility = 'public' | 'private';

/** The other member of a DM. */
export interface OtherUser {
  id: string;
  username: string;
}

export interface Preview {
  author: string;
  text: string;
  hlc: string;
  /** The message's attachments, kind and name: what the list says for a photo sent without text. */
  attachments?: Pick<Attachment, 'kind' | 'name'>[];
  /** The message shown was deleted and no earlier one is left to show: the list says so, without its text. */
  deleted?: true;
}

export interface RelayFields {
  lastActivity: number;
  preview: Preview | null;
  unread: number;
  mentions: number;
  /** A group's name; a DM's other member's name. */
  title: string;
  kind: ConversationKind;
  /**
   * When the members, their roles or the group's settings last changed (ms): a device showing the
   * member list fetches it again when this moves. 0 when nothing changed since the entry.
   */
  changedAt: number;
  /** A DM's other member; null for groups. */
  otherUser: OtherUser | null;
  /** This user's role in the conversation. */
  role: Role;
  memberCount: number;
  /** A group's topic; '' for none and for DMs. */
  topic: string;
  visibility: Visibility;
}

export interface Conversation extends RelayFields {
  id: string;
  readMarker: string | null;
  draft: string;
  pinned: boolean;
  muted: boolean;
}

/** Which side may write an entry key: 'client', 'relay', or undefined for a key nobody may write. */
export function inboxFieldOwner(key: string): 'client' | 'relay' | undefined {
  const field = key.startsWith(READ_MARKER_PREFIX) ? 'readMarker' : key;
  if ((CLIENT_FIELDS as readonly string[]).includes(field)) return 'client';
  if ((RELAY_FIELDS as readonly string[]).includes(field)) return 'relay';
  return undefined;
}

export function conversationsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(CONVERSATIONS_KEY);
}

/** What places a conversation in the list. */
export interface ListPlace {
  id: string;
  /** Absent where pins are not known. */
  pinned?: boolean;
  /** Wall time (ms) of its latest activity. */
  lastActivity: number;
}

/**
 * The order of the conversation list on every device: pinned first, then the latest activity
 * first, then by id, so conversations with the same time never swap places between renders.
 */
export function compareListPlaces(a: ListPlace, b: ListPlace): number {
  return Number(b.pinned ?? false) - Number(a.pinned ?? false) || b.lastActivity - a.lastActivity || compareStrings(a.id, b.id);
}

/** Conversations in list order (compareListPlaces); optionally only unread ones. */
export function listConversations(doc: Y.Doc, options: { unreadOnly?: boolean } = {}): Conversation[] {
  const list: Conversation[] = [];
  for (const [id, entry] of conversationsMap(doc).entries()) {
    if (!(entry instanceof Y.Map)) continue;
    const conversation = readConversation(id, entry);
    if (options.unreadOnly && conversation.unread === 0) continue;
    list.push(conversation);
  }
  return list.sort(compareListPlaces);
}

/** One conversation's entry, without reading (and sorting) the others; undefined when there is none. */
/** Each entry's read marker, by conversation id; entries with none are left out. */
export function readMarkers(doc: Y.Doc): Map<string, string> {
  const markers = new Map<string, string>();
  for (const [id, entry] of conversationsMap(doc).entries()) {
    const marker = entry instanceof Y.Map ? readMarkerOf(entry) : null;
    if (marker !== null) markers.set(id, marker);
  }
  return markers;
}

export function findConversation(doc: Y.Doc, conversationId: string): Conversation | undefined {
  const entry = conversationsMap(doc).get(conversationId);
  return entry instanceof Y.Map ? readConversation(conversationId, entry) : undefined;
}

/** Moves the read marker forward to `hlc`; never backwards. Returns whether it moved. */
export function setReadMarker(doc: Y.Doc, conversationId: string, hlc: string): boolean {
  if (!parseHlc(hlc)) throw new ModelError(ModelErrorCode.invalidClock, `Invalid read marker "${hlc}"`);
  const entry = entryOf(doc, conversationId);
  const current = readMarkerOf(entry);
  if (current !== null && compareStrings(hlc, current) <= 0) return false;
  doc.transact(() => {
    // Marks this one supersedes are dropped, so the entry holds one key per concurrent device at most.
    for (const [key, value] of [...entry.entries()]) {
      if (key.startsWith(READ_MARKER_PREFIX) && (typeof value !== 'string' || compareStrings(value, hlc) <= 0)) entry.delete(key);
    }
    entry.set(`${READ_MARKER_PREFIX}${doc.clientID}`, hlc);
  });
  return true;
}

/** Saves the unsent text of a conversation; an empty draft removes the key. */
export function setDraft(doc: Y.Doc, conversationId: string, text: string): void {
  if (codePointLength(text) > MAX_TEXT_LENGTH)
    throw new ModelError(ModelErrorCode.draftTooLong, `Draft is longer than ${MAX_TEXT_LENGTH} characters`);
  const entry = entryOf(doc, conversationId);
  if (text === '') entry.delete('draft');
  else if (entry.get('draft') !== text) entry.set('draft', text);
}

/**
 * Relay only: creates the entry if needed and writes the given relay fields that differ from what
 * it holds (an unchanged value rewritten would still grow the document). Returns whether it wrote.
 */
export function writeRelayFields(doc: Y.Doc, conversationId: string, fields: Partial<RelayFields>): boolean {
  let wrote = false;
  doc.transact(() => {
    const conversations = conversationsMap(doc);
    const existing = conversations.get(conversationId);
    const entry: Y.Map<unknown> = existing instanceof Y.Map ? existing : conversations.set(conversationId, new Y.Map<unknown>());
    wrote = !(existing instanceof Y.Map);
    for (const key of RELAY_FIELDS) {
      const value = key === 'preview' && fields.preview ? { ...fields.preview, text: previewText(fields.preview.text) } : fields[key];
      if (value === undefined || sameValue(entry.get(key), value)) continue;
      entry.set(key, value);
      wrote = true;
    }
  });
  return wrote;
}

/** Plain values (numbers, strings, null, small objects) compared by content. */
function sameValue(stored: unknown, value: unknown): boolean {
  if (stored === value) return true;
  return (
    typeof stored === 'object' &&
    typeof value === 'object' &&
    stored !== null &&
    value !== null &&
    JSON.stringify(stored) === JSON.stringify(value)
  );
}

/** At most PREVIEW_LENGTH code points, ending in an ellipsis when cut. */
export function previewText(text: string): string {
  const points = [...text];
  return points.length <= PREVIEW_LENGTH ? text : `${points.slice(0, PREVIEW_LENGTH - 1).join('')}…`;
}

/** What an entry with none of its fields says: what a reader falls back to field by field. */
export function emptyConversation(id: string): Conversation {
  return {
    id,
    kind: 'group',
    title: '',
    otherUser: null,
    role: 'member',
    memberCount: 0,
    topic: '',
    visibility: 'private',
    lastActivity: 0,
    preview: null,
    unread: 0,
    mentions: 0,
    changedAt: 0,
    readMarker: null,
    draft: '',
    pinned: false,
    muted: false,
  };
}

function entryOf(doc: Y.Doc, conversationId: string): Y.Map<unknown> {
  const entry = conversationsMap(doc).get(conversationId);
  if (!(entry instanceof Y.Map)) throw new ModelError(ModelErrorCode.unknownConversation, `No inbox entry for "${conversationId}"`);
  return entry;
}

function readMarkerOf(entry: Y.Map<unknown>): string | null {
  let marker: string | null = null;
  for (const [key, value] of entry.entries()) {
    if (!key.startsWith(READ_MARKER_PREFIX) || typeof value !== 'string' || !parseHlc(value)) continue;
    if (marker === null || compareStrings(value, marker) > 0) marker = value;
  }
  return marker;
}

function readConversation(id: string, entry: Y.Map<unknown>): Conversation {
  const number = (key: string) => {
    const value = entry.get(key);
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  const text = (key: string) => {
    const value = entry.get(key);
    return typeof value === 'string' ? value : '';
  };
  const role = text('role');
  return {
    id,
    kind: entry.get('kind') === 'dm' ? 'dm' : 'group',
    title: text('title'),
    otherUser: readOtherUser(entry.get('otherUser')),
    // An entry written before roles were listed: membership is all it says.
    role: isRole(role) ? role : 'member',
    memberCount: number('memberCount'),
    topic: text('topic'),
    visibility: entry.get('visibility') === 'public' ? 'public' : 'private',
    lastActivity: number('lastActivity'),
    preview: readPreview(entry.get('preview')),
    unread: number('unread'),
    mentions: number('mentions'),
    changedAt: number('changedAt'),
    readMarker: readMarkerOf(entry),
    draft: text('draft'),
    pinned: entry.get('pinned') === true,
    muted: entry.get('muted') === true,
  };
}

function readOtherUser(value: unknown): OtherUser | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, username } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof username === 'string' ? { id, username } : null;
}

function readPreview(value: unknown): Preview | null {
  if (typeof value !== 'object' || value === null) return null;
  const { author, text, hlc, deleted, attachments } = value as Record<string, unknown>;
  if (typeof author !== 'string' || typeof text !== 'string' || typeof hlc !== 'string') return null;
  if (deleted === true) return { author, text: '', hlc, deleted: true };
  const listed = readPreviewAttachments(attachments);
  return { author, text: previewText(text), hlc, ...(listed.length > 0 && { attachments: listed }) };
}

function readPreviewAttachments(value: unknown): Pick<Attachment, 'kind' | 'name'>[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const { kind, name } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    return isAttachmentKind(kind) && typeof name === 'string' ? [{ kind, name }] : [];
  });
}
