// The relay's one error type for accounts, conversations and media, and every code it uses, in one
// table. The HTTP layer maps codes to statuses in relay/http/api/error-status.ts.

export const ErrorCode = {
  /** A body, parameter or query that does not match its schema. */
  invalidRequest: 'invalid_request',
  /** A username outside the rules (3–32 characters of a-z 0-9 _ . -). */
  invalidUsername: 'invalid_username',
  /** A password outside the rules (length, equal to the username, too common). */
  weakPassword: 'weak_password',
  usernameTaken: 'username_taken',
  /** Unknown username or wrong password; which of the two is not revealed. */
  invalidCredentials: 'invalid_credentials',
  /** Too many failed logins for this account or from this address; see retryAfterSeconds. */
  tooManyAttempts: 'too_many_attempts',
  /** Too many requests from this address; see retryAfterSeconds. */
  rateLimited: 'rate_limited',
  /** No access token where one is required. */
  tokenMissing: 'token_missing',
  /** An access or refresh token past its expiry: refresh, or sign in again. */
  tokenExpired: 'token_expired',
  /** A token that is malformed, forged, or unknown. */
  tokenInvalid: 'token_invalid',
  /** A refresh token that was signed out. */
  tokenRevoked: 'token_revoked',
  /** A refresh token that had already been used: its whole family is now revoked. */
  tokenReused: 'token_reused',
  notFound: 'not_found',
  /** The caller's role does not allow this. */
  forbidden: 'forbidden',
  /** The user is banned from this conversation. */
  banned: 'banned',
  alreadyMember: 'already_member',
  /** The only admin cannot leave or step down while other members remain. */
  lastAdmin: 'last_admin',
  /** The two members of a direct message are fixed: nobody joins, leaves, is removed or promoted. */
  dmMembershipFixed: 'dm_membership_fixed',
  /** An invite link past its expiry. */
  inviteExpired: 'invite_expired',
  payloadTooLarge: 'payload_too_large',
  /** A file over the limit of its kind (image, video, file); `details` says the limit. */
  fileTooLarge: 'file_too_large',
  /** An upload of zero bytes. */
  emptyFile: 'empty_file',
  /** A media variant that is still being made, or was never made (the upload failed). */
  mediaNotReady: 'media_not_ready',
  internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class RelayError extends Error {
  override readonly name = 'RelayError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields for the client, e.g. `{ retryAfterSeconds }`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
