// Writes the relay-owned fields of every member's inbox document (model/inbox.ts): the entry when
// someone joins, with what the conversation list shows (title, kind, the DM's other member, the
// member's role, member count, topic, visibility), kept up to date when members, roles or the
// group's settings change (and `changedAt` moved, so a device showing the member list fetches it
// again); last activity, preview, unread and mention counts when messages are committed; zero
// counts once the user's read marker passes the latest message. So the list renders from the inbox
// alone, on a new device and offline, without opening any conversation. Activity and changes are
// gathered per conversation and written at most once per flush interval, so a busy room costs each
// member's inbox one write per interval, not one per message.
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { inboxDocName } from '../../model/doc-names.ts';
import { parseHlc } from '../../model/hlc.ts';
import {
  conversationsMap,
  findConversation,
  listConversations,
  writeRelayFields,
  type ConversationKind,
  type Preview,
  type RelayFields,
  type Visibility,
} from '../../model/inbox.ts';
import type { Role } from '../../model/roles.ts';
import { compareStrings, messagesMap, type StoredMessage } from '../../model/schema.ts';
import { unreadCounts, type CountedMessage } from '../../model/unread.ts';
import type { ConversationChange } from '../conversations/conversation-events.ts';
import type { RelayCommit } from '../sync/commit-pipeline.ts';
import type { Committed, SyncHook } from '../sync/hooks.ts';
import type { Room } from '../sync/room.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import { authored } from './authored-messages.ts';
import { GatheredWrites } from './gathered-writes.ts';
import { RelayDocWriter } from './relay-doc-writer.ts';

export interface InboxDirectory {
  membersOf(conversationId: string): Promise<Array<{ userId: string; username: string; role: Role }>>;
  describe(conversationId: string): Promise<{ kind: ConversationKind; name: string | null; topic: string; visibility: Visibility } | null>;
}

/** The relay fields that describe a conversation to one member. */
type Details = Pick<RelayFields, 'kind' | 'title' | 'otherUser' | 'role' | 'memberCount' | 'topic' | 'visibility'>;

export interface InboxKeeperOptions {
  rooms: RoomRegistry;
  commit: RelayCommit;
  directory: InboxDirectory;
  log: Logger;
  flushMs: number;
}

interface Activity {
  lastActivity: number;
  /** The newest live message gathered: the preview, unless an entry shows a newer one. */
  preview: Preview | null;
  /** The new messages by id, counted for each member by the model's unread rule at the flush. */
  messages: Map<string, CountedMessage>;
  /** Messages counted by an earlier flush and deleted since: counted off again. */
  uncounted: CountedMessage[];
  /**
   * Clocks of messages edited or deleted: an entry whose preview is one of them takes `preview`,
   * which was then read from the segment, even though it is older.
   */
  rewritten: Map<string, string>;
  /** Members, roles or settings changed. */
  changed: boolean;
}

const noActivity = (): Activity => ({
  lastActivity: 0,
  preview: null,
  messages: new Map(),
  uncounted: [],
  rewritten: new Map(),
  changed: false,
});

export class InboxKeeper implements SyncHook {
  readonly name = 'inbox';
  readonly #options: InboxKeeperOptions;
  readonly #gathered: GatheredWrites<Activity>;
  readonly #writer: RelayDocWriter;

  constructor(options: InboxKeeperOptions) {
    this.#options = options;
    this.#writer = new RelayDocWriter(options.rooms, options.commit);
    this.#gathered = new GatheredWrites({
      intervalMs: options.flushMs,
      empty: noActivity,
      write: (conversationId, activity) => this.#flush(conversationId, activity),
      log: options.log,
      failure: 'updating inboxes failed',
    });
  }

  afterCommit(room: Room, { created, changed, fromClients }: Committed): void {
    if (created.length > 0) this.#messagesCommitted(room, created);
    if (changed.length > 0) this.#messagesRewritten(room, changed);
    if (fromClients) this.#inboxCommitted(room);
  }

  /** A join gives the member the entry at once, a leave takes it away; every change moves `changedAt`. */
  conversationChanged(change: ConversationChange): void {
    const { conversationId } = change;
    if (change.kind === 'settings' || change.kind === 'role') {
      this.#changed(conversationId);
      return;
    }
    this.#membershipChanged(conversationId, change.userId, change.role !== null).catch((error: unknown) =>
      this.#options.log.error({ err: error, conversationId, userId: change.userId }, 'updating the inbox entry failed'),
    );
  }

  /** Writes what has been gathered now (shutdown). */
  async flush(): Promise<void> {
    await this.#gathered.flushAll();
    await this.#writer.idle();
  }

  /** Entries written before they carried the conversation's details get them when their inbox opens. */
  beforeJoin(room: Room): Promise<void> {
    const name = room.docName;
    if (name?.kind !== 'inbox') return Promise.resolve();
    for (const entry of listConversations(room.doc)) {
      if (entry.memberCount > 0) continue;
      this.#refreshDetails(name.userId, entry.id).catch((error: unknown) =>
        this.#options.log.error({ err: error, conversationId: entry.id, userId: name.userId }, 'adding details to the inbox entry failed'),
      );
    }
    return Promise.resolve();
  }

  async #refreshDetails(userId: string, conversationId: string): Promise<void> {
    const conversation = await this.#describe(conversationId);
    if (!conversation) return;
    await this.#write(
      userId,
      (doc) =>
        findConversation(doc, conversationId) !== undefined && writeRelayFields(doc, conversationId, conversation.detailsFor(userId)),
    );
  }

  /** New messages were committed to a segment of a conversation. */
  #messagesCommitted(segment: Room, ids: readonly string[]): void {
    const name = segment.docName;
    if (name?.kind !== 'segment' || ids.length === 0) return;
    const activity = this.#gathered.gather(name.conversationId);
    for (const { id, message, author } of authored(segment, ids)) {
      if (message.deleted) continue;
      activity.messages.set(id, { hlc: message.hlc, author, deleted: false, mentions: [...new Set(message.mentions)] });
      if (!activity.preview || compareStrings(message.hlc, activity.preview.hlc) > 0) {
        activity.preview = previewOf(message, author);
        // When it was written, not when it arrived: a device's offline backlog keeps its times.
        // Never later than now, whatever the sender's clock says.
        activity.lastActivity = Math.min(Date.now(), parseHlc(message.hlc)?.wallMs ?? Date.now());
      }
    }
  }

  /**
   * Messages were edited or deleted: a deleted one no longer counts as unread, and a preview that
   * shows one of them is replaced by the segment's newest live message (or says it was deleted).
   */
  #messagesRewritten(segment: Room, ids: readonly string[]): void {
    const name = segment.docName;
    if (name?.kind !== 'segment') return;
    const activity = this.#gathered.gather(name.conversationId);
    for (const { id, message, author } of authored(segment, ids)) {
      activity.rewritten.set(message.hlc, author);
      if (!message.deleted) continue;
      // Gathered but not yet counted: it simply goes; counted before: it is counted off.
      if (!activity.messages.delete(id)) activity.uncounted.push({ hlc: message.hlc, author, deleted: false, mentions: [] });
    }
    activity.preview = newestLive(segment);
  }

  /** Members, roles or the group's settings changed: every member's entry gets a new `changedAt`. */
  #changed(conversationId: string): void {
    this.#gathered.gather(conversationId).changed = true;
  }

  /** Someone joined (gets the entry at once) or left (loses it); the other members hear of it through `changedAt`. */
  async #membershipChanged(conversationId: string, userId: string, isMember: boolean): Promise<void> {
    this.#changed(conversationId);
    if (!isMember) {
      await this.#write(userId, (doc) => {
        if (!conversationsMap(doc).has(conversationId)) return false;
        conversationsMap(doc).delete(conversationId);
        return true;
      });
      return;
    }
    const conversation = await this.#describe(conversationId);
    if (!conversation) return;
    await this.#write(userId, (doc) => {
      if (conversationsMap(doc).has(conversationId)) return false;
      return writeRelayFields(doc, conversationId, {
        ...conversation.detailsFor(userId),
        lastActivity: Date.now(),
        unread: 0,
        mentions: 0,
      });
    });
  }

  /** After an inbox's owner wrote to it: counts drop to zero once the read marker reaches the latest message. */
  #inboxCommitted(inbox: Room): void {
    const name = inbox.docName;
    if (name?.kind !== 'inbox') return;
    const read = listConversations(inbox.doc).filter(
      (entry) =>
        (entry.unread > 0 || entry.mentions > 0) &&
        entry.preview &&
        entry.readMarker !== null &&
        compareStrings(entry.readMarker, entry.preview.hlc) >= 0,
    );
    if (read.length === 0) return;
    void this.#write(name.userId, (doc) =>
      read.map((entry) => writeRelayFields(doc, entry.id, { unread: 0, mentions: 0 })).some(Boolean),
    ).catch((error: unknown) => this.#options.log.error({ err: error, doc: inbox.name }, 'resetting read counts failed'));
  }

  async #flush(conversationId: string, activity: Activity): Promise<void> {
    if (activity.messages.size === 0 && activity.rewritten.size === 0 && !activity.changed) return;
    const conversation = await this.#describe(conversationId);
    if (!conversation) return;
    const { members } = conversation;
    const now = Date.now();
    await Promise.all(
      members.map(({ userId }) =>
        this.#write(userId, (doc) => {
          const entry = findConversation(doc, conversationId);
          // Removed after the member list was read: writing would bring the entry back.
          if (!entry) return false;
          const fields: Partial<RelayFields> = conversation.detailsFor(userId);
          // Strictly later than the last one, so every device sees it move, even within one millisecond.
          if (activity.changed) fields.changedAt = Math.max(entry.changedAt + 1, now);
          if (activity.messages.size > 0 || activity.rewritten.size > 0) {
            const preview = nextPreview(entry.preview, activity);
            // Read already: the member has the conversation open and marked these while they were gathered.
            const read = entry.readMarker !== null && preview !== null && compareStrings(entry.readMarker, preview.hlc) >= 0;
            // The first message sets the time even when it is older than the entry (a history
            // imported after the conversation was made); later ones only move it forward.
            if (activity.messages.size > 0)
              fields.lastActivity = entry.preview === null ? activity.lastActivity : Math.max(entry.lastActivity, activity.lastActivity);
            fields.preview = preview;
            const added = unreadCounts([...activity.messages.values()], userId, entry.readMarker);
            const removed = unreadCounts(activity.uncounted, userId, entry.readMarker);
            fields.unread = read ? 0 : Math.max(0, entry.unread + added.unread - removed.unread);
            fields.mentions = read ? 0 : entry.mentions + added.mentions;
          }
          return writeRelayFields(doc, conversationId, fields);
        }),
      ),
    );
  }

  /** A conversation's members and its details for each of them; null when it no longer exists. */
  async #describe(conversationId: string) {
    const { directory } = this.#options;
    const [description, members] = await Promise.all([directory.describe(conversationId), directory.membersOf(conversationId)]);
    if (!description) return null;
    const detailsFor = (userId: string): Details => {
      const other = description.kind === 'dm' ? members.find((member) => member.userId !== userId) : undefined;
      return {
        kind: description.kind,
        // A group shows its name; a DM shows the other member's name.
        title: description.kind === 'group' ? (description.name ?? '') : (other?.username ?? ''),
        otherUser: other ? { id: other.userId, username: other.username } : null,
        role: members.find((member) => member.userId === userId)?.role ?? 'member',
        memberCount: members.length,
        topic: description.topic,
        visibility: description.visibility,
      };
    };
    return { members, detailsFor };
  }

  /** Applies `change` to a user's inbox as the relay, after the previous write to it. */
  #write(userId: string, change: (doc: Y.Doc) => boolean): Promise<void> {
    return this.#writer.write(inboxDocName(userId), change);
  }
}

/**
 * What an entry previews after this activity: a newer preview than the entry's, or, when the
 * message it shows was edited or deleted, the segment's newest live message as read then (none
 * left: the deleted message, saying so). A late offline backlog is older than what the entry
 * shows and replaces nothing.
 */
function nextPreview(current: Preview | null, activity: Activity): Preview | null {
  const candidate = activity.preview;
  const rewrittenBy = current ? activity.rewritten.get(current.hlc) : undefined;
  if (current && rewrittenBy !== undefined) return candidate ?? { author: rewrittenBy, text: '', hlc: current.hlc, deleted: true };
  if (!current || !candidate) return current ?? candidate;
  return compareStrings(current.hlc, candidate.hlc) > 0 ? current : candidate;
}

/** A live message as a preview: its text and, when it has them, its attachments' kinds and names. */
function previewOf(message: StoredMessage, author: string): Preview {
  const attachments = message.attachments.map(({ kind, name }) => ({ kind, name }));
  return { author, text: message.text, hlc: message.hlc, ...(attachments.length > 0 && { attachments }) };
}

/** The newest message of a segment that is not deleted, as a preview. */
function newestLive(segment: Room): Preview | null {
  let newest: Preview | null = null;
  for (const { message, author } of authored(segment, messagesMap(segment.doc).keys())) {
    if (!message.deleted && (!newest || compareStrings(message.hlc, newest.hlc) > 0)) newest = previewOf(message, author);
  }
  return newest;
}
