// The JSON API under /api: rate limits, the contract's schemas through the zod type provider, one
// error format, and the routes of each area.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { ErrorCode, RelayError } from '../../errors.ts';
import { authRoutes } from './auth.ts';
import { conversationRoutes } from './conversations.ts';
import type { ApiDeps } from './deps.ts';
import { endpoints } from './endpoint.ts';
import { sendError, toRelayError } from './error-status.ts';
import { mediaRoutes } from './media.ts';
import { signedInUser } from './request.ts';
import { searchRoutes } from './search.ts';
import { userRoutes } from './users.ts';

/** Register with `{ prefix: '/api' }`; limits and error handling stay inside that prefix. */
export async function apiPlugin(instance: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  await app.register(rateLimit, {
    global: true,
    max: deps.config.API_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new RelayError(ErrorCode.rateLimited, `Too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    },
  });

  // Fastify hands a missing body to the validator as null; it is read as `{}`, so a POST without
  // a body takes the defaults or names the field it lacks.
  app.setValidatorCompiler<z.ZodType>((route) => {
    const validate = validatorCompiler(route);
    return (data) => validate(data ?? {});
  });
  // Answers are encoded by their schema: Dates become ISO strings, and no field outside it leaves.
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('user', {
    getter() {
      return signedInUser(this);
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

  const endpoint = endpoints(deps.access);
  authRoutes(app, deps, endpoint);
  userRoutes(app, deps, endpoint);
  conversationRoutes(app, deps, endpoint);
  mediaRoutes(app, deps, endpoint);
  searchRoutes(app, deps, endpoint);
}
