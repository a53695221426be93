// The messages as the screen lists them: each of the user's own with its delivery status, read
// from the segment copy that holds it.
import type * as Y from 'yjs';
import { messagesMap, type ListedMessage } from '#model/index.ts';
import { messageStatus, type MessageStatus } from '#sync-client/message-status.ts';
import type { ItemId } from '#sync-client/stored-tracker.ts';

export interface ViewMessage extends ListedMessage {
  mine: boolean;
  /** Only for the user's own messages. */
  status: MessageStatus | undefined;
  /** Why the relay refused it, when `status` is 'failed'. */
  failure?: string;
}

/** One loaded segment as this device holds it. */
export interface SegmentCopy {
  /** The document's name, e.g. `s:<conversation>:<index>`. */
  name: string;
  doc: Y.Doc;
  /** Whether the relay has durably stored this item. */
  isStored(item: ItemId): boolean;
}

export interface DeliveryContext {
  userId: string;
  /** This device's clientIDs: only their messages can be waiting for the relay. */
  localClients: ReadonlySet<number>;
  /** The other members' read positions (HLCs). */
  otherReadPositions: readonly string[];
  /** Segments whose updates from this device the relay refused, with the relay's reason. */
  refused: ReadonlyMap<string, string>;
}

export function viewMessages(listed: readonly ListedMessage[], segments: readonly SegmentCopy[], context: DeliveryContext): ViewMessage[] {
  return listed.map((message) => {
    const mine = message.author === context.userId;
    let status: MessageStatus | undefined;
    let failure: string | undefined;
    if (mine) {
      const holder = segments.find(({ doc }) => messagesMap(doc).has(message.id));
      if (holder) {
        status = messageStatus(holder.doc, message, {
          isStored: (item) => holder.isStored(item),
          localClients: context.localClients,
          otherReadPositions: context.otherReadPositions,
          refused: context.refused.has(holder.name),
        });
        if (status === 'failed') failure = context.refused.get(holder.name);
      }
    }
    return { ...message, mine, status, failure };
  });
}
