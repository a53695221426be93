// A route of the HTTP contract (protocol/http/routes.ts) as Fastify route options: its zod
// schemas for the type provider, the access-token hook where the contract asks for one, and the
// 400 body for input that fails them.
import type { FastifyContextConfig, FastifySchemaValidationError } from 'fastify';
import type { ApiRoute } from '../../../protocol/http/routes.ts';
import type { AccessVerifier } from '../../auth/tokens.ts';
import { authenticator, invalidInput } from './request.ts';

type Part<R, K extends string> = R extends { [key in K]: infer S } ? S : undefined;

/** The parts a route has, under Fastify's names; the type provider reads the request types off them. */
interface RouteSchema<R extends ApiRoute> {
  params: Part<R, 'params'>;
  body: Part<R, 'body'>;
  querystring: Part<R, 'query'>;
  response: { '2xx': R['response'] };
}

export type Endpoint = ReturnType<typeof endpoints>;

export function endpoints(access: AccessVerifier) {
  const authenticate = authenticator(access);
  return <R extends ApiRoute>(route: R, config: FastifyContextConfig = {}) => ({
    method: route.method,
    url: route.path,
    schema: schemaOf(route),
    // After the rate limit (an onRequest hook) and before validation: a stranger is turned away
    // before anything is said about their input.
    preValidation: route.auth ? [authenticate] : [],
    schemaErrorFormatter: (errors: FastifySchemaValidationError[], part: string) =>
      invalidInput(part === 'params' ? 'path' : (route.input ?? 'request'), errors),
    config,
  });
}

function schemaOf<R extends ApiRoute>({ params, body, query, response }: R): RouteSchema<R> {
  // Only the parts the route has: Fastify warns about a part that is there but undefined. The cast
  // says which ones those are, which TypeScript cannot follow through the spreads.
  return {
    ...(params && { params }),
    ...(body && { body }),
    ...(query && { querystring: query }),
    response: { '2xx': response },
  } as RouteSchema<R>;
}
