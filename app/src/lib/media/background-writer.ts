// Writes a queued message into its conversation while no screen has the conversation open (the
// user moved on right after pressing send, or reloaded elsewhere in the app): the conversation is
// opened without a screen, from this device's copy, just long enough to write and hand it over.
import { Conversation } from '#sync-client/conversation.ts';
import { parseHlc, type Draft } from '#model/index.ts';
import { ConversationWrites } from '../chat/conversation-writes.ts';
import { LocalClients } from '../chat/local-clients.ts';
import { relayBaseUrl } from '../sync/relay-url.ts';

/** What the outbox writes a queued message with: the open conversation's screen, or a background writer. */
export interface MessageWriter {
  /** Writes the message stamped `hlc` into the conversation; answers its id. */
  write(draft: Draft, hlc: string): Promise<string>;
  /** The id of a message already holding these media (written before a reload cut the bookkeeping short). */
  holding(mediaIds: readonly string[]): string | undefined;
}

export interface BackgroundWriter extends MessageWriter {
  close(): Promise<void>;
}

export async function openBackgroundWriter(
  conversationId: string,
  userId: string,
  getToken: (rejected?: string) => Promise<string>,
): Promise<BackgroundWriter> {
  const localClients = new LocalClients(userId, conversationId);
  const conversation = await Conversation.open({
    conversationId,
    userId,
    relayUrl: relayBaseUrl(location),
    getToken,
    persist: true,
    localClients: localClients.ids,
    firstScreen: 1,
  });
  const writes = new ConversationWrites(conversation, userId, localClients, () => conversation.messages());
  return {
    write: (draft, hlc) => writes.send(draft, parseHlc(hlc) ?? writes.stamp()),
    holding: (ids) =>
      conversation.messages().find((message) => message.author === userId && message.attachments.some((item) => ids.includes(item.id)))?.id,
    close: () => conversation.close(),
  };
}
