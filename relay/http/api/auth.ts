// /api/auth and DELETE /api/me: register, log in, refresh, log out, change the password, delete the account.
import { routes } from '../../../protocol/http/routes.ts';
import type { ApiDeps, ApiInstance } from './deps.ts';
import type { Endpoint } from './endpoint.ts';

export function authRoutes(app: ApiInstance, { accounts, conversations, config }: ApiDeps, endpoint: Endpoint): void {
  // Each of these routes has its own, stricter per-IP budget on top of the login backoff.
  const strict = { rateLimit: { max: config.AUTH_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 } };

  app.route({
    ...endpoint(routes.register, strict),
    handler: async (request, reply) => reply.code(201).send(await accounts.register(request.body)),
  });

  app.route({
    ...endpoint(routes.signIn, strict),
    handler: async (request) => accounts.login(request.body, request.ip),
  });

  app.route({
    ...endpoint(routes.refresh, strict),
    handler: async (request) => accounts.refresh(request.body.refreshToken),
  });

  app.route({
    ...endpoint(routes.signOut),
    handler: async (request, reply) => {
      await accounts.logout(request.body.refreshToken);
      return reply.code(204).send();
    },
  });

  // Signs out every session of the account (their tokens and sockets stop working) and answers
  // with a new session for the caller.
  app.route({
    ...endpoint(routes.changePassword, strict),
    handler: async (request) => accounts.changePassword(request.user.userId, request.body, request.ip),
  });

  app.route({
    ...endpoint(routes.deleteAccount, strict),
    handler: async (request, reply) => {
      const { userId } = request.user;
      await accounts.confirmPassword(userId, request.body.password, request.ip);
      await conversations.leaveAllGroups(userId);
      await accounts.deleteAccount(userId);
      return reply.code(204).send();
    },
  });
}
