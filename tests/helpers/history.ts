// Writes a long history into a conversation through the relay with the app's Conversation client,
// as its author would: for the benchmarks' 100,000-message room and the e2e infinite scroll.
import type { Conversation } from '#sync-client/conversation.ts';
import { createHlc, formatHlc, messageId, sendMessage, tick, type Hlc } from '../../model/index.ts';
import { messagesMap } from '../../model/schema.ts';
import { MAX_SEGMENT_MESSAGES } from '../../model/segments.ts';
import { waitFor } from './wait.ts';

/**
 * Sends `total` messages, the `n`th (from 0) reading `text(n)`, one millisecond apart and ending
 * now. Resolves once the relay has stored them all, so any device opening the room sees them.
 */
export async function fillHistory(conversation: Conversation, total: number, text: (n: number) => string): Promise<void> {
  // Half a segment per update keeps each frame well under the relay's 256 KiB limit.
  const batch = MAX_SEGMENT_MESSAGES / 2;
  let clock: Hlc = createHlc('seed');
  const wallStart = Date.now() - total;
  for (let sent = 0; sent < total; sent += batch) {
    clock = tick(clock, wallStart + sent);
    const segments = conversation.list.length;
    const doc = await conversation.documentFor(formatHlc(clock));
    doc.transact(() => {
      for (let i = sent; i < Math.min(total, sent + batch); i++) {
        clock = tick(clock, wallStart + i);
        sendMessage(doc, { text: text(i) }, { hlc: clock, id: messageId(clock, doc.clientID) });
      }
    });
    // The next batch must go to the next segment, which the relay lists once this one is full.
    if (messagesMap(doc).size >= MAX_SEGMENT_MESSAGES) {
      await waitFor(() => conversation.list.length > segments, 'the next segment to be listed', 120_000);
    }
  }
  await waitFor(
    () => [...conversation.segments.values()].every(({ stored }) => stored.ownWritesStored()),
    'the relay to store every message',
    120_000,
  );
}
