// What kind of attachment a chosen file makes, by the type the browser reports (the relay decides
// again from the bytes), and how attachments are named where there is no room to show them.
export { attachmentsLabel, kindOfType } from '#model/attachments.ts';

/** The model's rule for a MIME type (model/validation.ts). */
const MIME_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
const MAX_NAME_LENGTH = 255;

/** The type a message may name: the browser's, or octet-stream when it has none the model accepts. */
export function attachmentMime(type: string): string {
  const bare = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return MIME_PATTERN.test(bare) ? bare : 'application/octet-stream';
}

/** A name a message may carry: no control characters, at most 255 characters, keeping the extension. */
export function attachmentName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim() || 'file';
  if (clean.length <= MAX_NAME_LENGTH) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
  return clean.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}

/** 1.2 MB, 340 KB, 12 bytes: decimal units, like the relay's limits. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

/** m:ss or h:mm:ss. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
