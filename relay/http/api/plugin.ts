// The JSON API under /api: rate limits, one error format, and the routes of each area.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, RelayError } from '../../errors.ts';
import { authRoutes } from './auth.ts';
import { conversationRoutes } from './conversations.ts';
import type { ApiDeps } from './deps.ts';
import { sendError, toRelayError } from './error-status.ts';
import { userRoutes } from './users.ts';

/** Register with `{ prefix: '/api' }`; limits and error handling stay inside that prefix. */
export async function apiPlugin(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: deps.config.API_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new RelayError(ErrorCode.rateLimited, `Too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    },
  });

  app.setErrorHandler((error, request, reply) => {
    const relayError = toRelayError(error);
    if (relayError.code === ErrorCode.internal) request.log.error({ err: error }, 'request failed');
    return sendError(reply, relayError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new RelayError(ErrorCode.notFound, `No route for ${request.method} ${request.url}`)),
  );

  authRoutes(app, deps);
  userRoutes(app, deps);
  conversationRoutes(app, deps);
}
