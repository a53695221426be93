// The messages of the loaded segments and their delivery status, as the screen shows them; read
// again (by the conversation view) whenever a segment, an ack or a read position changes.
import type { Conversation } from '#sync-client/conversation.ts';
import { viewMessages, type ViewMessage } from './view-messages.ts';

export class MessageFeed {
  messages = $state.raw<ViewMessage[]>([]);
  /** Whether older segments are left to load. */
  hasOlder = $state(false);

  constructor(
    readonly userId: string,
    /** clientIDs this device wrote the conversation with in earlier sessions. */
    readonly localClients: ReadonlySet<number>,
  ) {}

  read(conversation: Conversation, otherReadPositions: readonly string[], refused: ReadonlyMap<string, string>): void {
    const segments = [...conversation.segments.values()];
    const local = new Set([...this.localClients, conversation.head.doc.clientID, ...segments.map((opened) => opened.doc.clientID)]);
    const copies = segments.map((opened) => ({
      name: opened.provider.roomname,
      doc: opened.doc,
      isStored: opened.stored.isStored.bind(opened.stored),
    }));
    this.messages = viewMessages(conversation.messages(), copies, {
      userId: this.userId,
      localClients: local,
      otherReadPositions,
      refused,
    });
    this.hasOlder = conversation.hasOlder;
  }
}
