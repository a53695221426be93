// A message with attachments on its way, as plain data: each upload's phase (queued until there is
// a network, creating, uploading, done, failed, cancelled), when the message can be written (every
// upload has the media id the relay gave it, so bytes may still be flowing) and when its record can
// go (written, and every upload over). The outbox (media-outbox.svelte.ts) keeps these in IndexedDB.
import type { Attachment, AttachmentKind } from '#model/schema.ts';

export type UploadPhase = 'queued' | 'creating' | 'uploading' | 'done' | 'failed' | 'cancelled';

export interface QueuedUpload {
  /** The attachment's local key, or `<key>:poster` for a video's poster frame. */
  key: string;
  /** The relay's id once the upload exists (the last part of its tus URL). */
  mediaId: string | null;
  /** The tus upload URL, to resume from where the relay stopped. */
  uploadUrl: string | null;
  sent: number;
  total: number;
  phase: UploadPhase;
  /** Why it failed: the relay's message, or the cancel. */
  error: string | null;
}

export interface QueuedAttachment {
  key: string;
  kind: AttachmentKind;
  name: string;
  size: number;
  mime: string;
  width?: number;
  height?: number;
  thumbhash?: string;
  durationMs?: number;
  file: Blob;
  upload: QueuedUpload;
  /** A video's poster frame (JPEG), uploaded as its own media. */
  poster?: { blob: Blob; upload: QueuedUpload };
}

export interface QueuedDraft {
  text: string;
  mentions: string[];
  replyTo?: string;
}

export interface QueuedMessage {
  key: string;
  conversationId: string;
  /** The clock of the moment send was pressed: the message keeps its place. */
  hlc: string;
  draft: QueuedDraft;
  attachments: QueuedAttachment[];
  /** Set once written to the conversation. */
  messageId: string | null;
}

export type UploadEvent =
  | { type: 'creating' }
  | { type: 'created'; mediaId: string; uploadUrl: string }
  | { type: 'progress'; sent: number; total: number }
  | { type: 'done' }
  /** The network went away: it waits, and resumes from its URL when there is one. */
  | { type: 'offline' }
  | { type: 'failed'; error: string };

export const CANCELLED = 'Upload cancelled';

export function newUpload(key: string, total: number): QueuedUpload {
  return { key, mediaId: null, uploadUrl: null, sent: 0, total, phase: 'queued', error: null };
}

const OVER: ReadonlySet<UploadPhase> = new Set(['done', 'failed', 'cancelled']);

/** Every upload of the message, posters included. */
export function uploadsOf(message: QueuedMessage): QueuedUpload[] {
  return message.attachments.flatMap((attachment) =>
    attachment.poster ? [attachment.upload, attachment.poster.upload] : [attachment.upload],
  );
}

/** Applies `event` to the upload `key`; the same message when nothing changed. */
export function apply(message: QueuedMessage, key: string, event: UploadEvent): QueuedMessage {
  const change = (upload: QueuedUpload): QueuedUpload => {
    if (upload.key !== key || upload.phase === 'cancelled' || upload.phase === 'done') return upload;
    switch (event.type) {
      case 'creating':
        return { ...upload, phase: upload.mediaId ? 'uploading' : 'creating', error: null };
      case 'created':
        return { ...upload, mediaId: event.mediaId, uploadUrl: event.uploadUrl, phase: 'uploading' };
      case 'progress':
        return { ...upload, sent: event.sent, total: event.total || upload.total };
      case 'done':
        return { ...upload, sent: upload.total, phase: 'done', error: null };
      case 'offline':
        return { ...upload, phase: 'queued' };
      case 'failed':
        return { ...upload, phase: 'failed', error: event.error };
    }
  };
  let changed = false;
  const attachments = message.attachments.map((attachment) => {
    const upload = change(attachment.upload);
    const posterUpload = attachment.poster ? change(attachment.poster.upload) : undefined;
    if (upload === attachment.upload && posterUpload === attachment.poster?.upload) return attachment;
    changed = true;
    return { ...attachment, upload, ...(attachment.poster && posterUpload && { poster: { ...attachment.poster, upload: posterUpload } }) };
  });
  return changed ? { ...message, attachments } : message;
}

/**
 * The user cancelled attachment `key`. Before the message is written it is taken out (null: the
 * message has nothing left and goes); after, its uploads stop and it shows as cancelled.
 */
export function cancel(message: QueuedMessage, key: string): QueuedMessage | null {
  if (message.messageId === null) {
    const attachments = message.attachments.filter((attachment) => attachment.key !== key);
    if (attachments.length === 0 && message.draft.text.trim() === '') return null;
    return { ...message, attachments };
  }
  const stop = (upload: QueuedUpload): QueuedUpload =>
    OVER.has(upload.phase) ? upload : { ...upload, phase: 'cancelled', error: CANCELLED };
  return {
    ...message,
    attachments: message.attachments.map((attachment) =>
      attachment.key !== key
        ? attachment
        : {
            ...attachment,
            upload: stop(attachment.upload),
            ...(attachment.poster && { poster: { ...attachment.poster, upload: stop(attachment.poster.upload) } }),
          },
    ),
  };
}

/** Read back after a reload: what was running then starts again (from its upload URL, when it has one). */
export function interrupted(message: QueuedMessage): QueuedMessage {
  const reset = (upload: QueuedUpload): QueuedUpload =>
    upload.phase === 'creating' || upload.phase === 'uploading' ? { ...upload, phase: 'queued' } : upload;
  return {
    ...message,
    attachments: message.attachments.map((attachment) => ({
      ...attachment,
      upload: reset(attachment.upload),
      ...(attachment.poster && { poster: { ...attachment.poster, upload: reset(attachment.poster.upload) } }),
    })),
  };
}

/** Uploads to start now: queued ones (all of them once there is a network). */
export function toStart(message: QueuedMessage): QueuedUpload[] {
  return uploadsOf(message).filter((upload) => upload.phase === 'queued');
}

/**
 * Whether the message can be written: not yet written, and every attachment's upload (and its
 * poster's) exists on the relay. An attachment the relay refused holds it back until removed; a
 * poster the relay refused is left out.
 */
export function readyToWrite(message: QueuedMessage): boolean {
  if (message.messageId !== null || message.attachments.length === 0) return false;
  return message.attachments.every(
    (attachment) =>
      attachment.upload.mediaId !== null &&
      (!attachment.poster || attachment.poster.upload.mediaId !== null || attachment.poster.upload.phase === 'failed'),
  );
}

/** The message's attachments as the conversation stores them, with the relay's media ids. */
export function attachmentsToWrite(message: QueuedMessage): Attachment[] {
  return message.attachments.flatMap((attachment) => {
    const { upload, poster, key: _key, file: _file, ...fields } = attachment;
    if (upload.mediaId === null) return [];
    const posterId = poster?.upload.mediaId;
    return [{ ...fields, id: upload.mediaId, ...(posterId && { posterId }) }];
  });
}

/** Written, and no upload is left to run: the record (and its files) can go. */
export function settled(message: QueuedMessage): boolean {
  return message.messageId !== null && uploadsOf(message).every((upload) => OVER.has(upload.phase));
}

/** How far the attachment's bytes are, 0–1 (its poster counted in). */
export function progressOf(attachment: QueuedAttachment): number {
  const uploads = attachment.poster ? [attachment.upload, attachment.poster.upload] : [attachment.upload];
  const total = uploads.reduce((sum, upload) => sum + upload.total, 0);
  const sent = uploads.reduce((sum, upload) => sum + (upload.phase === 'done' ? upload.total : upload.sent), 0);
  return total === 0 ? 1 : Math.min(1, sent / total);
}
