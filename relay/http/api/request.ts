// Reading a request: the bearer access token, checked once by the authenticated routes' hook and
// then on `request.user`, and input that fails its schema answered as `invalid_request`.
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { AccessClaims, AccessVerifier } from '../../auth/tokens.ts';
import { ErrorCode, RelayError } from '../../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, on routes the contract marks `auth`; reading it on any other route throws. */
    readonly user: AccessClaims;
  }
}

const signedIn = new WeakMap<FastifyRequest, AccessClaims>();

/** The getter behind `request.user`. */
export function signedInUser(request: FastifyRequest): AccessClaims {
  const claims = signedIn.get(request);
  if (!claims) throw new RelayError(ErrorCode.internal, 'This route does not check the access token');
  return claims;
}

/** Checks `Authorization: Bearer <access token>`; the signed-in user is `request.user` after it. */
export function authenticator(access: AccessVerifier): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (header && !match) throw new RelayError(ErrorCode.tokenInvalid, 'Send the access token as "Authorization: Bearer <token>"');
    const check = await access.verifyAccess(match?.[1]);
    if (!check.ok) throw new RelayError(check.code, check.message);
    request.log = request.log.child({ userId: check.claims.userId });
    signedIn.set(request, check.claims);
  };
}

/** The first problem with `what` (a body or query; the params are the path) as an `invalid_request`. */
export function invalidInput(what: string, errors: readonly FastifySchemaValidationError[]): RelayError {
  const issue = errors[0];
  const path = issue?.instancePath.split('/').filter(Boolean).join('.');
  const where = path ? ` (${path})` : '';
  return new RelayError(ErrorCode.invalidRequest, `Invalid ${what}${where}: ${issue?.message ?? 'rejected'}`);
}
