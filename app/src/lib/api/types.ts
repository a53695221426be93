// The shapes of the relay's /api answers (relay/README.md, "HTTP API"); the app never imports relay/.
import type { Role } from '../../../../model/roles.ts';

export interface User {
  id: string;
  username: string;
}

export interface SessionTokens {
  user: User;
  accessToken: string;
  accessExpiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
}

export interface ConversationSummary {
  id: string;
  kind: 'dm' | 'group';
  name: string | null;
  topic: string;
  visibility: 'public' | 'private';
  role: Role;
  memberCount: number;
  createdAt: string;
  otherUser: User | null;
}

export interface Member {
  userId: string;
  username: string;
  role: Role;
  joinedAt: string;
}

export interface InviteLink {
  token: string;
  url: string;
  expiresAt: string;
}

/** The title a conversation is shown under: a DM by the other person's name. */
export function conversationTitle(conversation: ConversationSummary): string {
  if (conversation.kind === 'dm') return conversation.otherUser?.username ?? 'Direct message';
  return conversation.name ?? 'Untitled group';
}

/** GET /api/presence: one entry per user sharing a conversation with me. */
export interface UserPresence {
  userId: string;
  online: boolean;
  /** ISO time the user's last connection closed; only while offline. */
  lastSeen: string | null;
}
