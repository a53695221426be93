// What kind of attachment a file of a given type makes, and how attachments are named where there
// is no room to show them. One rule for the app (what it offers to send) and the relay (what it
// decides from the sniffed bytes, what a conversation's preview says).
import type { Attachment, AttachmentKind } from './schema.ts';

/** Images the relay decodes and thumbnails (prebuilt sharp cannot decode HEIC: it stays a file). */
const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);
/** Videos browsers play inline. */
const VIDEO_TYPES: ReadonlySet<string> = new Set(['video/mp4', 'video/webm']);

export function kindOfType(mime: string): AttachmentKind {
  if (IMAGE_TYPES.has(mime)) return 'image';
  if (VIDEO_TYPES.has(mime)) return 'video';
  return 'file';
}

/** "Photo", "3 photos", "Video", a file's name, or "4 attachments" for a mix. */
export function attachmentsLabel(attachments: readonly Pick<Attachment, 'kind' | 'name'>[]): string {
  const [first] = attachments;
  if (!first) return '';
  if (attachments.length === 1) return first.kind === 'image' ? 'Photo' : first.kind === 'video' ? 'Video' : first.name;
  const kinds = new Set(attachments.map((attachment) => attachment.kind));
  const count = attachments.length;
  if (kinds.size === 1 && first.kind === 'image') return `${count} photos`;
  if (kinds.size === 1 && first.kind === 'video') return `${count} videos`;
  if (kinds.size === 1) return `${count} files`;
  return `${count} attachments`;
}
