// /api/me, /api/users and /api/presence: the signed-in user, finding others by name, and who of
// the people I share a conversation with is online (and when the others were last seen).
import { routes } from '../../../protocol/http/routes.ts';
import { ErrorCode, RelayError } from '../../errors.ts';
import type { ApiDeps, ApiInstance } from './deps.ts';
import type { Endpoint } from './endpoint.ts';

export function userRoutes(app: ApiInstance, { accounts, conversations, isOnline }: ApiDeps, endpoint: Endpoint): void {
  app.route({
    ...endpoint(routes.me),
    handler: async (request) => {
      const user = await accounts.user(request.user.userId);
      // A valid token for a user that no longer exists.
      if (!user) throw new RelayError(ErrorCode.tokenInvalid, 'This account no longer exists');
      return user;
    },
  });

  app.route({
    ...endpoint(routes.presence),
    handler: async (request) => {
      const contacts = await conversations.contactsOf(request.user.userId);
      const lastSeen = await accounts.lastSeen(contacts);
      return {
        users: contacts.map((userId) => ({
          userId,
          online: isOnline(userId),
          lastSeen: isOnline(userId) ? null : (lastSeen.get(userId) ?? null),
        })),
      };
    },
  });

  app.route({
    ...endpoint(routes.searchUsers),
    handler: async (request) => ({ users: await accounts.searchUsers(request.query.q, request.query.limit) }),
  });
}
