// What this device just did that its inbox does not show yet: a conversation created, joined,
// opened or renamed here shows at once, one left or lost goes at once. Each is dropped once the
// relay's entry has caught up, which it does within a moment (R-INBOX-3, R-INBOX-4).
import { compareListPlaces, emptyConversation, type Conversation, type RelayFields } from '#model/inbox.ts';
import type { ConversationSummary } from '#protocol/http/conversations.ts';

/** What the list shows about a conversation, beside its messages. */
export type Details = Pick<RelayFields, 'kind' | 'title' | 'otherUser' | 'role' | 'memberCount' | 'topic' | 'visibility'>;

export type Pending =
  /**
   * Shown with these details. `at`: when, the time of a conversation the inbox does not list yet.
   * `changedAt`: the entry's when a change was made to it; the relay moves it once it wrote the change.
   */
  | { show: Details; at: number; changedAt?: number }
  /** Left or lost here: hidden until the entry goes. */
  | { hide: true };

/** The details an HTTP answer (create, open, join, update) gives, as the inbox entry would hold them. */
export function detailsOf(summary: ConversationSummary): Details {
  const { kind, otherUser, role, memberCount, topic, visibility } = summary;
  return {
    kind,
    title: kind === 'dm' ? (otherUser?.username ?? '') : (summary.name ?? ''),
    otherUser,
    role,
    memberCount,
    topic,
    visibility,
  };
}

/** Whether the inbox entry (undefined: none) now says what `pending` says. */
export function caughtUp(pending: Pending, entry: Conversation | undefined): boolean {
  if ('hide' in pending) return entry === undefined;
  if (!entry) return false;
  // A save that changed nothing on the relay moves no `changedAt`: settings that match settle it too.
  return pending.changedAt === undefined || entry.changedAt > pending.changedAt || sameSettings(entry, pending.show);
}

/** `pending` without what the entries have caught up with; the same map when that is nothing. */
export function settle(pending: ReadonlyMap<string, Pending>, entries: ReadonlyMap<string, Conversation>): ReadonlyMap<string, Pending> {
  const left = [...pending].filter(([id, item]) => !caughtUp(item, entries.get(id)));
  return left.length === pending.size ? pending : new Map(left);
}

/** The conversation list: the inbox entries with what is pending laid over them, in list order. */
export function withPending(entries: ReadonlyMap<string, Conversation>, pending: ReadonlyMap<string, Pending>): Conversation[] {
  const list = new Map(entries);
  for (const [id, item] of pending) {
    const entry = entries.get(id);
    if (caughtUp(item, entry)) continue;
    if ('hide' in item) list.delete(id);
    else list.set(id, { ...(entry ?? newEntry(id, item.at)), ...item.show });
  }
  return [...list.values()].sort(compareListPlaces);
}

function newEntry(id: string, at: number): Conversation {
  return { ...emptyConversation(id), lastActivity: at };
}

/** What a group's settings change: its name, topic and visibility. */
function sameSettings(entry: Conversation, details: Details): boolean {
  return entry.title === details.title && entry.topic === details.topic && entry.visibility === details.visibility;
}
