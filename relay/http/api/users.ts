// /api/me, /api/users and /api/presence: the signed-in user, finding others by name, and who of
// the people I share a conversation with is online (and when the others were last seen).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCode, RelayError } from '../../errors.ts';
import type { ApiDeps } from './deps.ts';
import { authenticate, parse } from './request.ts';

const USER_SEARCH_MAX = 20;

const search = z.object({
  q: z.string().trim().min(1, 'Type the start of a name').max(32),
  limit: z.coerce.number().int().min(1).max(USER_SEARCH_MAX).default(USER_SEARCH_MAX),
});

export function userRoutes(app: FastifyInstance, { accounts, conversations, access, isOnline }: ApiDeps): void {
  app.get('/me', async (request) => {
    const me = await authenticate(request, access);
    const user = await accounts.user(me.userId);
    // A valid token for a user that no longer exists.
    if (!user) throw new RelayError(ErrorCode.tokenInvalid, 'This account no longer exists');
    return { id: user.id, username: user.username, createdAt: user.createdAt };
  });

  app.get('/presence', async (request) => {
    const me = await authenticate(request, access);
    const contacts = await conversations.contactsOf(me.userId);
    const lastSeen = await accounts.lastSeen(contacts);
    return {
      users: contacts.map((userId) => ({ userId, online: isOnline(userId), lastSeen: isOnline(userId) ? null : (lastSeen.get(userId)?.toISOString() ?? null) })),
    };
  });

  app.get('/users', async (request) => {
    await authenticate(request, access);
    const { q, limit } = parse(search, request.query, 'search');
    const users = await accounts.searchUsers(q, limit);
    return { users: users.map((user) => ({ id: user.id, username: user.username })) };
  });
}
