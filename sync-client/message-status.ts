// The delivery status shown next to a message: pending (only on this device) → sent (stored by
// the relay) → read (someone else's read position reached it); failed when the relay refused
// this device's updates to the document (a denial such as invalid_value, then the close), so
// the pending message will never be stored as it is: the app offers to retry it as a new message
// or to discard the device's unsent changes.
import * as Y from 'yjs';
import { messagesMap } from '#model/index.ts';
import type { ItemId } from './stored-tracker.ts';

export type MessageStatus = 'pending' | 'sent' | 'read' | 'failed';

export interface StatusContext {
  isStored(id: ItemId): boolean;
  /** This device's clientIDs; only their messages can be waiting for the relay. */
  localClients: ReadonlySet<number>;
  /** Read positions (HLC strings) of the other members; the reader's own must not be included. */
  otherReadPositions: readonly string[];
  /** The relay refused an update of this device to this document (chat/refusals.ts decides). */
  refused?: boolean;
}

/** Undefined when the doc holds no message `id`. */
export function messageStatus(doc: Y.Doc, message: { id: string; hlc: string }, context: StatusContext): MessageStatus | undefined {
  const map = messagesMap(doc).get(message.id);
  const item = map instanceof Y.Map ? map._item : null;
  if (!item) return undefined;
  if (context.localClients.has(item.id.client) && !context.isStored(item.id)) return context.refused ? 'failed' : 'pending';
  // Formatted HLCs sort as strings in clock order (model/hlc.ts).
  return context.otherReadPositions.some((position) => position >= message.hlc) ? 'read' : 'sent';
}

/** What a failed message says, with the relay's reason when it gave one. */
export function notDeliveredText(reason: string | undefined): string {
  if (!reason) return 'Not delivered.';
  return `Not delivered: ${reason}${/[.!?…]$/.test(reason) ? '' : '.'}`;
}
