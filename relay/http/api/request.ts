// Reading a request: zod-validated bodies, params and queries, and the bearer access token.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AccessClaims, AccessVerifier } from '../../auth/tokens.ts';
import { ErrorCode, RelayError } from '../../errors.ts';

/** Parses untrusted input; the first problem becomes an `invalid_request` message. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  throw new RelayError(ErrorCode.invalidRequest, `Invalid ${what}${where}: ${issue?.message ?? 'rejected'}`);
}

/** The signed-in user of a request with `Authorization: Bearer <access token>`. */
export async function authenticate(request: FastifyRequest, access: AccessVerifier): Promise<AccessClaims> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (header && !match) throw new RelayError(ErrorCode.tokenInvalid, 'Send the access token as "Authorization: Bearer <token>"');
  const check = await access.verifyAccess(match?.[1]);
  if (!check.ok) throw new RelayError(check.code, check.message);
  request.log = request.log.child({ userId: check.claims.userId });
  return check.claims;
}
