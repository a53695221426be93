// Why the relay refuses a connection or an update. The relay sends the code with a human message
// in y-protocols' permission-denied reason (`{ code, message }` JSON) right before it closes the
// socket, so a client can act on the code: a removal is not a refused write, and neither is a
// rate limit. A stock provider only logs the reason.
import { z } from 'zod';
import { CloseCode, type CloseName } from './close-codes.ts';

/** Each denial code, the close that follows it, and what it means for the user. */
export const DENIALS = {
  token_missing: { close: 'unauthorized', meaning: 'No access token: sign in' },
  token_invalid: { close: 'unauthorized', meaning: 'The access token is not valid' },
  token_expired: { close: 'unauthorized', meaning: 'The access token expired: refresh it' },
  token_revoked: { close: 'unauthorized', meaning: 'The session was signed out (logout or password change)' },
  unknown_document: { close: 'notFound', meaning: 'The name is not a Parley document' },
  not_found: { close: 'notFound', meaning: 'The conversation has no such segment' },
  not_a_member: { close: 'forbidden', meaning: 'Not a member of the conversation, or no longer' },
  forbidden: { close: 'forbidden', meaning: 'A document or a write this user may not make' },
  server_owned: { close: 'forbidden', meaning: 'A field only the relay writes' },
  unknown_structure: { close: 'forbidden', meaning: 'A place or a type Parley documents do not have' },
  message_too_large: { close: 'forbidden', meaning: 'Longer text or more items than a message holds' },
  invalid_value: { close: 'forbidden', meaning: 'A value of the wrong type or format' },
  client_bound_to_other_user: { close: 'forbidden', meaning: "A Yjs clientID that is another user's in this document" },
  unresolved_reference: { close: 'forbidden', meaning: 'A reference to content the relay does not have' },
  awareness_too_large: { close: 'forbidden', meaning: 'A presence state or claim over the limits' },
  rate_limited: { close: 'overloaded', meaning: 'Over the message, update or byte rate: the app resends later' },
  too_many_connections: { close: 'overloaded', meaning: 'Over the connections allowed per user' },
} as const satisfies Record<string, { close: CloseName; meaning: string }>;

export type DenialCode = keyof typeof DENIALS;

export interface Denial {
  code: DenialCode;
  message: string;
}

const DENIAL_CODES = Object.keys(DENIALS) as [DenialCode, ...DenialCode[]];

const denialSchema = z.object({ code: z.enum(DENIAL_CODES), message: z.string() });

/** The close code that follows a denial. */
export function closeCodeOf(code: DenialCode): number {
  return CloseCode[DENIALS[code].close];
}

/** The reason string the relay puts in permission-denied. */
export function denialReason(denial: Denial): string {
  return JSON.stringify(denial);
}

/** Reads a permission-denied reason; null when it is not one of the relay's denials (an older or foreign server). */
export function parseDenialReason(reason: string): Denial | null {
  let json: unknown;
  try {
    json = JSON.parse(reason);
  } catch {
    return null;
  }
  const parsed = denialSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
