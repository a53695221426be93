// Where the "New messages" divider goes when a conversation opens: after the user's read marker,
// once what they missed while away has arrived (or, offline, in what this device holds).
import { firstUnread } from '#model/index.ts';
import type { Conversation } from '#sync-client/conversation.ts';

/**
 * Older segments opened at most to find where unread messages start. Opening stays cheap for
 * someone far behind; their divider moves up to the first unread message as they scroll to it.
 */
export const UNREAD_PAGES = 2;

/** The read marker `after` if the divider goes after it, or null when nothing after it is unread. */
export async function findUnreadStart(
  conversation: Conversation,
  userId: string,
  after: string | null,
  /** False once the view moved on to another copy of the conversation: stop loading for this one. */
  current: () => boolean,
  /** Older segments it may open; 0 offline, where one not on this device would wait for the relay. */
  pages = UNREAD_PAGES,
): Promise<{ after: string | null } | null> {
  for (let page = 0; page < pages && current(); page++) {
    const next = conversation.nextOlder;
    // The next segment ends where the one after it starts: not after the marker, all of it is read.
    const end = next && conversation.list.find((ref) => ref.index === next.index + 1)?.firstHlc;
    const mayBeUnread = end !== undefined && (after === null || end > after);
    if (!mayBeUnread || firstUnread(conversation.messages(), userId, after) < 0) break;
    await conversation.loadOlder();
  }
  return firstUnread(conversation.messages(), userId, after) >= 0 ? { after } : null;
}
