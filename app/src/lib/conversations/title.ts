// The title a conversation is shown under: a group's name, a DM's other member's name.
import type { Conversation } from '#model/inbox.ts';

export function conversationTitle(conversation: Pick<Conversation, 'kind' | 'title' | 'otherUser'>): string {
  if (conversation.kind === 'dm') return conversation.title || conversation.otherUser?.username || 'Direct message';
  return conversation.title || 'Untitled group';
}
