// Unread and mention counts for one reader, from the display-ordered messages and the reader's
// read marker (the HLC of the last message they have read).
import { compareStrings } from './schema.ts';

export interface CountedMessage {
  readonly hlc: string;
  readonly author: string | null;
  readonly mentions: readonly string[];
  readonly deleted: boolean;
}

export interface UnreadCounts {
  unread: number;
  mentions: number;
}

export function unreadCounts(messages: readonly CountedMessage[], readerId: string, readMarker: string | null): UnreadCounts {
  let unread = 0;
  let mentions = 0;
  for (const message of messages) {
    if (readMarker !== null && compareStrings(message.hlc, readMarker) <= 0) continue;
    // The reader's own messages (from any device) are read by definition.
    if (message.deleted || message.author === readerId) continue;
    unread++;
    if (message.mentions.includes(readerId)) mentions++;
  }
  return { unread, mentions };
}
