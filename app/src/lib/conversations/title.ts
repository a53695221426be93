// The title a conversation is shown under: a DM by the other person's name.
import type { ConversationSummary } from '#protocol/http/conversations.ts';

export function conversationTitle(conversation: ConversationSummary): string {
  if (conversation.kind === 'dm') return conversation.otherUser?.username ?? 'Direct message';
  return conversation.name ?? 'Untitled group';
}
