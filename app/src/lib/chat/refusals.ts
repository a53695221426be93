// What a document the relay stopped means for the open conversation, read from the relay's
// denial code rather than guessed: a removal closes the conversation for this user, a refused
// write only fails this device's undelivered messages in that segment.
import { CloseCode } from '#protocol/close-codes.ts';
import type { StoppedStatus } from '#sync-client/open-document.ts';

/** Why the user may not see a conversation, as far as the relay says. */
export type NoAccessReason = 'not_a_member' | 'not_found';

export type StopOutcome =
  /** The user may not open this conversation (any more). */
  | { kind: 'no-access'; reason: NoAccessReason }
  /** The relay refused an update of this device to the segment, saying why. */
  | { kind: 'refused'; reason: string }
  /** Nothing for the conversation to act on (e.g. a token that could not be refreshed shows as offline). */
  | { kind: 'none' };

const NOT_A_MEMBER: StopOutcome = { kind: 'no-access', reason: 'not_a_member' };
const NOT_FOUND: StopOutcome = { kind: 'no-access', reason: 'not_found' };

export function stopOutcome(status: StoppedStatus, document: 'head' | 'segment'): StopOutcome {
  if (status.denial) {
    switch (status.denial.code) {
      case 'not_a_member':
        return NOT_A_MEMBER;
      case 'unknown_document':
      case 'not_found':
        return NOT_FOUND;
      case 'forbidden':
        // A document this user may not open, or a write they may not make to one they can.
        return document === 'head' ? NOT_A_MEMBER : { kind: 'refused', reason: status.denial.message };
      default:
        return status.code === CloseCode.forbidden ? { kind: 'refused', reason: status.denial.message } : { kind: 'none' };
    }
  }
  // A relay that closes without a denial (older or foreign): the close code is all there is.
  if (status.code === CloseCode.notFound) return NOT_FOUND;
  if (status.code === CloseCode.forbidden) return document === 'head' ? NOT_A_MEMBER : { kind: 'refused', reason: status.reason };
  return { kind: 'none' };
}
