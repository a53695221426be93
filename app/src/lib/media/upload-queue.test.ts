import { describe, expect, it } from 'vitest';
import {
  apply,
  attachmentsToWrite,
  cancel,
  CANCELLED,
  interrupted,
  newUpload,
  progressOf,
  readyToWrite,
  settled,
  toStart,
  type QueuedAttachment,
  type QueuedMessage,
} from './upload-queue.ts';

const blob = new Blob(['x']);

function photo(key: string): QueuedAttachment {
  return {
    key,
    kind: 'image',
    name: `${key}.jpg`,
    size: 100,
    mime: 'image/jpeg',
    width: 4,
    height: 3,
    thumbhash: 'AAAA',
    file: blob,
    upload: newUpload(key, 100),
  };
}

function video(key: string): QueuedAttachment {
  return {
    key,
    kind: 'video',
    name: `${key}.webm`,
    size: 300,
    mime: 'video/webm',
    durationMs: 2000,
    file: blob,
    upload: newUpload(key, 300),
    poster: { blob, upload: newUpload(`${key}:poster`, 100) },
  };
}

function queued(...attachments: QueuedAttachment[]): QueuedMessage {
  return { key: 'q1', conversationId: 'k1', hlc: '0001', draft: { text: '', mentions: [] }, attachments, messageId: null };
}

const created = (message: QueuedMessage, key: string, mediaId: string) =>
  apply(apply(message, key, { type: 'creating' }), key, { type: 'created', mediaId, uploadUrl: `/api/media/uploads/${mediaId}` });

describe('a queued message with attachments', () => {
  it('starts every upload, and is written once each exists on the relay, before its bytes are in', () => {
    let message = queued(photo('a'), photo('b'));
    expect(toStart(message).map((upload) => upload.key)).toEqual(['a', 'b']);
    message = created(message, 'a', 'm1');
    expect(readyToWrite(message)).toBe(false);
    message = created(message, 'b', 'm2');
    expect(toStart(message)).toEqual([]);
    expect(readyToWrite(message)).toBe(true);
    expect(attachmentsToWrite(message).map((attachment) => attachment.id)).toEqual(['m1', 'm2']);
    expect(attachmentsToWrite(message)[0]).toEqual({
      id: 'm1',
      kind: 'image',
      name: 'a.jpg',
      size: 100,
      mime: 'image/jpeg',
      width: 4,
      height: 3,
      thumbhash: 'AAAA',
    });
  });

  it('waits for a video poster, and names it', () => {
    let message = created(queued(video('v')), 'v', 'm1');
    expect(readyToWrite(message)).toBe(false);
    message = created(message, 'v:poster', 'm2');
    expect(readyToWrite(message)).toBe(true);
    expect(attachmentsToWrite(message)[0]).toMatchObject({ id: 'm1', posterId: 'm2', durationMs: 2000 });
  });

  it('leaves out a poster the relay refused', () => {
    let message = created(queued(video('v')), 'v', 'm1');
    message = apply(message, 'v:poster', { type: 'failed', error: 'too large' });
    expect(readyToWrite(message)).toBe(true);
    expect(attachmentsToWrite(message)[0]).not.toHaveProperty('posterId');
  });

  it('is held back by an attachment the relay refused until it is removed', () => {
    let message = created(queued(photo('a'), photo('b')), 'a', 'm1');
    message = apply(message, 'b', { type: 'failed', error: 'An image can be at most 25 MB' });
    expect(readyToWrite(message)).toBe(false);
    expect(message.attachments[1]?.upload.error).toBe('An image can be at most 25 MB');
    message = cancel(message, 'b')!;
    expect(readyToWrite(message)).toBe(true);
  });

  it('goes back to waiting offline, keeping its upload URL to resume', () => {
    let message = created(queued(photo('a')), 'a', 'm1');
    message = apply(message, 'a', { type: 'offline' });
    expect(toStart(message)).toHaveLength(1);
    expect(message.attachments[0]?.upload.uploadUrl).toBe('/api/media/uploads/m1');
    message = apply(message, 'a', { type: 'creating' });
    expect(message.attachments[0]?.upload.phase).toBe('uploading');
  });

  it('starts again after a reload what was running, from its upload URL', () => {
    let message = created(queued(video('v')), 'v', 'm1');
    message = apply(message, 'v:poster', { type: 'creating' });
    const reloaded = interrupted(message);
    expect(toStart(reloaded).map((upload) => [upload.key, upload.uploadUrl])).toEqual([
      ['v', '/api/media/uploads/m1'],
      ['v:poster', null],
    ]);
  });

  it('counts progress, the poster in', () => {
    let message = created(queued(video('v')), 'v', 'm1');
    message = apply(message, 'v', { type: 'progress', sent: 150, total: 300 });
    expect(progressOf(message.attachments[0]!)).toBeCloseTo(150 / 400);
    message = apply(message, 'v:poster', { type: 'done' });
    expect(progressOf(message.attachments[0]!)).toBeCloseTo(250 / 400);
  });
});

describe('cancelling', () => {
  it('before the message is written takes the attachment out, and the message once nothing is left', () => {
    const message = queued(photo('a'), photo('b'));
    expect(cancel(message, 'a')?.attachments.map((attachment) => attachment.key)).toEqual(['b']);
    expect(cancel(cancel(message, 'a')!, 'b')).toBeNull();
  });

  it('before the message is written keeps a message that has text', () => {
    const message = { ...queued(photo('a')), draft: { text: 'look', mentions: [] } };
    expect(cancel(message, 'a')?.attachments).toEqual([]);
  });

  it('after the message is written stops the upload and marks it cancelled', () => {
    let message: QueuedMessage = { ...created(queued(video('v')), 'v', 'm1'), messageId: 'msg' };
    message = cancel(message, 'v')!;
    expect(message.attachments[0]?.upload).toMatchObject({ phase: 'cancelled', error: CANCELLED });
    expect(message.attachments[0]?.poster?.upload.phase).toBe('cancelled');
    // Later events of the stopped upload change nothing.
    expect(apply(message, 'v', { type: 'done' })).toBe(message);
    expect(settled(message)).toBe(true);
  });
});

describe('settled', () => {
  it('only once written and every upload is over', () => {
    let message = created(queued(photo('a')), 'a', 'm1');
    expect(settled(message)).toBe(false);
    message = { ...message, messageId: 'msg' };
    expect(settled(message)).toBe(false);
    message = apply(message, 'a', { type: 'done' });
    expect(settled(message)).toBe(true);
  });
});
