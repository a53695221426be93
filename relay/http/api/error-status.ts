// Every error code's HTTP status, in one table, and the JSON error body `{ error, message }`.
import type { FastifyError, FastifyReply } from 'fastify';
import { ErrorCode, RelayError } from '../../errors.ts';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.invalidRequest]: 400,
  [ErrorCode.invalidUsername]: 400,
  [ErrorCode.weakPassword]: 400,
  [ErrorCode.usernameTaken]: 409,
  [ErrorCode.invalidCredentials]: 401,
  [ErrorCode.tooManyAttempts]: 429,
  [ErrorCode.rateLimited]: 429,
  [ErrorCode.tokenMissing]: 401,
  [ErrorCode.tokenExpired]: 401,
  [ErrorCode.tokenInvalid]: 401,
  [ErrorCode.tokenRevoked]: 401,
  [ErrorCode.tokenReused]: 401,
  [ErrorCode.notFound]: 404,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.banned]: 403,
  [ErrorCode.alreadyMember]: 409,
  [ErrorCode.lastAdmin]: 409,
  [ErrorCode.dmMembershipFixed]: 409,
  [ErrorCode.inviteExpired]: 410,
  [ErrorCode.payloadTooLarge]: 413,
  [ErrorCode.fileTooLarge]: 413,
  [ErrorCode.emptyFile]: 400,
  [ErrorCode.mediaNotReady]: 409,
  [ErrorCode.internal]: 500,
};

/** Errors Fastify raises itself (bad JSON, wrong content type, body too large) get codes too. */
export function toRelayError(error: unknown): RelayError {
  if (error instanceof RelayError) return error;
  const status = (error as Partial<FastifyError>).statusCode;
  if (status === 413) return new RelayError(ErrorCode.payloadTooLarge, 'The request body is too large');
  if (status !== undefined && status >= 400 && status < 500) {
    return new RelayError(ErrorCode.invalidRequest, (error as Error).message || 'Invalid request');
  }
  return new RelayError(ErrorCode.internal, 'Something went wrong on the server');
}

export function sendError(reply: FastifyReply, error: RelayError): FastifyReply {
  const retryAfter = error.details.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  if (HTTP_STATUS[error.code] === 401 && error.code.startsWith('token_')) reply.header('www-authenticate', 'Bearer');
  return reply.code(HTTP_STATUS[error.code]).send({ error: error.code, message: error.message, ...error.details });
}
