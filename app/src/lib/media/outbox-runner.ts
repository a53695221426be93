// At start, whatever an earlier session left queued goes on: uploads resume and their messages are
// written, in every conversation, whichever screen the app opened on. Loaded by dynamic import
// after the first paint.
import { outboxFor } from './media-outbox.svelte.ts';
import { OutboxStore } from './outbox-store.ts';

export async function resumeOutboxes(userId: string, getToken: (rejected?: string) => Promise<string>): Promise<void> {
  const conversations = await OutboxStore.forUser(userId)
    .conversations()
    .catch(() => []);
  await Promise.all(conversations.map((conversationId) => outboxFor(conversationId, userId, getToken).load()));
}
