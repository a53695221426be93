// The conversation list's order (the model's rule, compareListPlaces) over the summaries: the
// latest activity this device or the relay has seen, or else when the conversation was created.
import { compareListPlaces } from '#model/inbox.ts';
import type { ConversationSummary } from '#protocol/http/conversations.ts';

/** Conversation id → wall time (ms) of the newest message seen in it. */
export type Activity = Readonly<Record<string, number>>;

export function lastActivity(conversation: ConversationSummary, activity: Activity): number {
  return Math.max(activity[conversation.id] ?? 0, conversation.createdAt.getTime());
}

export function sortByActivity(conversations: readonly ConversationSummary[], activity: Activity): ConversationSummary[] {
  const place = (conversation: ConversationSummary) => ({ id: conversation.id, lastActivity: lastActivity(conversation, activity) });
  return [...conversations].sort((a, b) => compareListPlaces(place(a), place(b)));
}
