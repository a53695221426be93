// What an uploaded file is, from its sniffed type (never its name or what the client said): which
// kind of attachment it makes, which limit applies, whether it is shown inline or only offered
// as a download, and which variants the relay makes of it.
import { kindOfType } from '../../model/attachments.ts';
import type { AttachmentKind } from '../../model/schema.ts';

export { kindOfType } from '../../model/attachments.ts';
import { VARIANTS, type Variant } from '../../protocol/http/media.ts';

export type { Variant } from '../../protocol/http/media.ts';

export interface MediaLimits {
  imageBytes: number;
  videoBytes: number;
  fileBytes: number;
}

export function limitFor(kind: AttachmentKind, limits: MediaLimits): number {
  return kind === 'image' ? limits.imageBytes : kind === 'video' ? limits.videoBytes : limits.fileBytes;
}

/** The largest upload any kind allows: what the upload server refuses outright. */
export function largestLimit(limits: MediaLimits): number {
  return Math.max(limits.imageBytes, limits.videoBytes, limits.fileBytes);
}

/** How wide each thumbnail is drawn, at most. */
export const THUMBNAIL_WIDTHS = { 'thumb-320': 320, 'thumb-1280': 1280 } as const;

export function isVariant(value: string): value is Variant {
  return (VARIANTS as readonly string[]).includes(value);
}

/** The variants a ready media item of `kind` has. */
export function variantsOf(kind: AttachmentKind): readonly Variant[] {
  return kind === 'image' ? VARIANTS : ['original'];
}

/**
 * How a variant is served. Only the allow-listed image and video types are inline, with their
 * sniffed type; everything else (SVG, HTML, PDFs, anything unknown) is a download as
 * application/octet-stream, so no file an attacker uploads ever runs in the app's origin.
 */
export function servedAs(variant: Variant, mime: string): { contentType: string; inline: boolean } {
  if (variant !== 'original') return { contentType: 'image/webp', inline: true };
  if (kindOfType(mime) !== 'file') return { contentType: mime, inline: true };
  return { contentType: 'application/octet-stream', inline: false };
}

/** A Content-Disposition value for `name`, safe for any characters in it (RFC 6266 / 5987). */
export function contentDisposition(inline: boolean, name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
