// The order of the conversation list: the latest activity this device has seen first.
import type { ConversationSummary } from '#protocol/http/conversations.ts';

/** Conversation id → wall time (ms) of the newest message seen in it. */
export type Activity = Readonly<Record<string, number>>;

export function lastActivity(conversation: ConversationSummary, activity: Activity): number {
  return Math.max(activity[conversation.id] ?? 0, conversation.createdAt.getTime());
}

export function sortByActivity(conversations: readonly ConversationSummary[], activity: Activity): ConversationSummary[] {
  return [...conversations].sort((a, b) => lastActivity(b, activity) - lastActivity(a, activity) || a.id.localeCompare(b.id));
}
