// Conversations on the wire: what a new group needs and what may change, the summaries, members,
// bans and invite links the relay answers with, and the bodies of the membership routes.
import { z } from 'zod';
import { ROLES } from '../../model/roles.ts';
import { conversationId, inviteToken, userId } from './ids.ts';
import { timestamp } from './timestamp.ts';

const GROUP_NAME_MAX = 80;
const GROUP_TOPIC_MAX = 300;
export const INVITE_LINK_DEFAULT_TTL_SECONDS = 7 * 24 * 60 * 60;
const INVITE_LINK_MAX_TTL_SECONDS = 30 * 24 * 60 * 60;

// Control characters (newlines, NUL) have no business in a one-line name.
const noControlCharacters = (value: string): boolean => !/\p{Cc}/u.test(value);

const name = z
  .string()
  .trim()
  .min(1, 'A group needs a name')
  .max(GROUP_NAME_MAX, `A group name has at most ${GROUP_NAME_MAX} characters`)
  .refine(noControlCharacters, 'A group name cannot contain control characters');
const topic = z.string().trim().max(GROUP_TOPIC_MAX, `A topic has at most ${GROUP_TOPIC_MAX} characters`);
const visibility = z.enum(['public', 'private']);
const role = z.enum(ROLES);
const username = z.string().min(1).max(64);

export const groupInput = z.object({ name, topic: topic.default(''), visibility });

/** A change to an existing group: any of its fields, at least one. */
export const groupSettings = z
  .strictObject({ name: name.optional(), topic: topic.optional(), visibility: visibility.optional() })
  .refine((settings) => Object.keys(settings).length > 0, 'Say what to change: name, topic or visibility');

export const conversationParams = z.object({ id: conversationId });
export const memberParams = z.object({ id: conversationId, userId });
export const inviteParams = z.object({ token: inviteToken });

export const dmBody = z.object({ username });
export const inviteBody = z.object({ username });
export const inviteLinkBody = z.object({
  expiresInSeconds: z.number().int().min(60).max(INVITE_LINK_MAX_TTL_SECONDS).default(INVITE_LINK_DEFAULT_TTL_SECONDS),
});
export const roleBody = z.object({ role });
export const banBody = z.object({ userId });

export const conversationSummary = z.object({
  id: conversationId,
  kind: z.enum(['dm', 'group']),
  /** Null for a DM: show `otherUser.username`. */
  name: z.string().nullable(),
  topic: z.string(),
  visibility,
  /** The requesting user's role. */
  role,
  memberCount: z.number().int(),
  createdAt: timestamp,
  /** The other member of a DM; null for groups. */
  otherUser: z.object({ id: userId, username: z.string() }).nullable(),
});
export const conversationList = z.object({ conversations: z.array(conversationSummary) });

export const member = z.object({ userId, username: z.string(), role, joinedAt: timestamp });
export const memberList = z.object({ members: z.array(member) });

export const ban = z.object({ userId, username: z.string(), bannedBy: userId, createdAt: timestamp });
export const banList = z.object({ bans: z.array(ban) });

export const inviteLink = z.object({ token: inviteToken, url: z.string(), expiresAt: timestamp });

export const DIRECTORY_PAGE_MAX = 50;

/** A search of the public groups: by words of the name or topic; empty lists the largest first. */
export const directoryQuery = z.object({
  q: z.string().trim().max(GROUP_NAME_MAX).default(''),
  limit: z.coerce.number().int().min(1).max(DIRECTORY_PAGE_MAX).default(DIRECTORY_PAGE_MAX),
});

/** What anyone signed in may know of a public group before joining it. */
export const publicGroup = z.object({
  id: conversationId,
  name: z.string(),
  topic: z.string(),
  memberCount: z.number().int(),
  /** Whether the requesting user is in it already. */
  joined: z.boolean(),
});
export const directory = z.object({ groups: z.array(publicGroup) });

export type GroupInput = z.input<typeof groupInput>;
export type GroupSettings = z.input<typeof groupSettings>;
export type ConversationSummary = z.infer<typeof conversationSummary>;
export type Member = z.infer<typeof member>;
export type Ban = z.infer<typeof ban>;
export type InviteLink = z.infer<typeof inviteLink>;
export type PublicGroup = z.infer<typeof publicGroup>;
