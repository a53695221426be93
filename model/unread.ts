// Unread and mention counts for one reader, and where their unread messages start, from the
// display-ordered messages and the reader's read marker (the HLC of the last message they have read).
import { compareStrings } from './schema.ts';

export interface UnreadCandidate {
  readonly hlc: string;
  readonly author: string | null;
  readonly deleted: boolean;
}

export interface CountedMessage extends UnreadCandidate {
  readonly mentions: readonly string[];
}

export interface UnreadCounts {
  unread: number;
  mentions: number;
}

export function unreadCounts(messages: readonly CountedMessage[], readerId: string, readMarker: string | null): UnreadCounts {
  let unread = 0;
  let mentions = 0;
  for (const message of messages) {
    if (!isUnread(message, readerId, readMarker)) continue;
    unread++;
    if (message.mentions.includes(readerId)) mentions++;
  }
  return { unread, mentions };
}

/** The index of the first unread message (the "New messages" divider goes above it), or -1. */
export function firstUnread(messages: readonly UnreadCandidate[], readerId: string, readMarker: string | null): number {
  return messages.findIndex((message) => isUnread(message, readerId, readMarker));
}

function isUnread(message: UnreadCandidate, readerId: string, readMarker: string | null): boolean {
  if (readMarker !== null && compareStrings(message.hlc, readMarker) <= 0) return false;
  // The reader's own messages (from any device) are read by definition.
  return !message.deleted && message.author !== readerId;
}
