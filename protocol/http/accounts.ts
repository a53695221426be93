// Accounts on the wire: sign-up and sign-in, sessions, the signed-in user, finding people by
// name, and who is online.
import { z } from 'zod';
import { userId } from './ids.ts';
import { timestamp } from './timestamp.ts';

// Loose bounds only: the relay applies the username and password rules, with their own codes.
export const credentials = z.object({
  username: z.string().max(64),
  password: z.string().max(1024),
});
export const refreshBody = z.object({ refreshToken: z.string().min(1).max(200) });
export const passwordChange = z.object({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) });
export const accountDeletion = z.object({ password: z.string().max(1024) });

export const user = z.object({ id: userId, username: z.string() });

export const session = z.object({
  user,
  accessToken: z.string(),
  accessExpiresAt: timestamp,
  refreshToken: z.string(),
  refreshExpiresAt: timestamp,
});

export const me = z.object({ id: userId, username: z.string(), createdAt: timestamp });

export const USER_SEARCH_MAX = 20;

export const userSearch = z.object({
  q: z.string().trim().min(1, 'Type the start of a name').max(32),
  limit: z.coerce.number().int().min(1).max(USER_SEARCH_MAX).default(USER_SEARCH_MAX),
});
export const userList = z.object({ users: z.array(user) });

export const userPresence = z.object({
  userId,
  online: z.boolean(),
  /** When the user's last connection closed; only while offline, null if never seen. */
  lastSeen: timestamp.nullable(),
});
export const presenceList = z.object({ users: z.array(userPresence) });

export type Credentials = z.input<typeof credentials>;
export type User = z.infer<typeof user>;
export type Session = z.infer<typeof session>;
export type UserPresence = z.infer<typeof userPresence>;
