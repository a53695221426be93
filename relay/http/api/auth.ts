// /api/auth: register, log in, refresh, log out, change the password.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Session } from '../../auth/account-service.ts';
import type { ApiDeps } from './deps.ts';
import { authenticate, parse } from './request.ts';

// Loose bounds only: the account service applies the username and password rules, with their codes.
const credentials = z.object({
  username: z.string().max(64),
  password: z.string().max(1024),
});
const refresh = z.object({ refreshToken: z.string().min(1).max(200) });
const passwordChange = z.object({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) });

const sessionBody = (session: Session) => ({
  user: session.user,
  accessToken: session.accessToken,
  accessExpiresAt: session.accessExpiresAt,
  refreshToken: session.refreshToken,
  refreshExpiresAt: session.refreshExpiresAt,
});

export function authRoutes(app: FastifyInstance, { accounts, access, config }: ApiDeps): void {
  // Each of these routes has its own, stricter per-IP budget on top of the login backoff.
  const strict = { config: { rateLimit: { max: config.AUTH_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 } } };

  app.post('/auth/register', strict, async (request, reply) => {
    const session = await accounts.register(parse(credentials, request.body, 'registration'));
    return reply.code(201).send(sessionBody(session));
  });

  app.post('/auth/login', strict, async (request) => {
    return sessionBody(await accounts.login(parse(credentials, request.body, 'sign-in'), request.ip));
  });

  app.post('/auth/refresh', strict, async (request) => {
    return sessionBody(await accounts.refresh(parse(refresh, request.body, 'refresh').refreshToken));
  });

  app.post('/auth/logout', async (request, reply) => {
    await accounts.logout(parse(refresh, request.body, 'sign-out').refreshToken);
    return reply.code(204).send();
  });

  // Signs out every session of the account (their tokens and sockets stop working) and answers
  // with a new session for the caller.
  app.post('/auth/password', strict, async (request) => {
    const me = await authenticate(request, access);
    return sessionBody(await accounts.changePassword(me.userId, parse(passwordChange, request.body, 'password change'), request.ip));
  });
}
