import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { OutboxStore } from './outbox-store.ts';
import { newUpload, type QueuedMessage } from './upload-queue.ts';

function queued(key: string, conversationId: string, hlc: string): QueuedMessage {
  return {
    key,
    conversationId,
    hlc,
    draft: { text: '', mentions: [] },
    attachments: [
      {
        key: `${key}a`,
        kind: 'file',
        name: 'notes.txt',
        size: 5,
        mime: 'text/plain',
        file: new Blob(['notes']),
        upload: newUpload(`${key}a`, 5),
      },
    ],
    messageId: null,
  };
}

describe('the outbox store', () => {
  it('keeps queued messages per conversation, in clock order, with their files', async () => {
    const store = new OutboxStore('i:u1:media-outbox');
    await store.put(queued('b', 'k1', '0002'));
    await store.put(queued('a', 'k1', '0001'));
    await store.put(queued('c', 'k2', '0003'));
    const reopened = new OutboxStore('i:u1:media-outbox');
    const held = await reopened.of('k1');
    expect(held.map((message) => message.key)).toEqual(['a', 'b']);
    expect(held[0]?.attachments[0]?.file.size).toBe(5);

    expect((await reopened.conversations()).sort()).toEqual(['k1', 'k2']);
    await reopened.delete('a');
    expect((await reopened.of('k1')).map((message) => message.key)).toEqual(['b']);
    expect(await reopened.of('k3')).toEqual([]);
  });

  it('replaces a message put again', async () => {
    const store = OutboxStore.forUser('u2');
    await store.put(queued('a', 'k1', '0001'));
    await store.put({ ...queued('a', 'k1', '0001'), messageId: 'written' });
    expect((await store.of('k1')).map((message) => message.messageId)).toEqual(['written']);
  });
});
