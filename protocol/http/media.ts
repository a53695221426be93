// Media on the wire: the tus upload endpoint and its metadata, a media item's state as the API
// answers it, and the short-lived signed URLs members fetch its variants with.
import { z } from 'zod';
import { ATTACHMENT_KINDS } from '../../model/schema.ts';
import { conversationId, mediaId } from './ids.ts';

/** tus 1.0 endpoint (POST to create, PATCH to append, HEAD to resume). Uploads need the access token. */
export const UPLOADS_PATH = '/api/media/uploads';

/**
 * The tus Upload-Metadata an upload must carry: the conversation it is for (membership is checked
 * before a byte is stored), the file's name and the type the client believes it has (only used to
 * refuse an oversized upload before it starts; the relay decides the type from the bytes).
 */
export const uploadMetadata = z.object({
  conversationId,
  filename: z.string().min(1).max(255),
  filetype: z.string().max(255).default('application/octet-stream'),
});

/** The stored forms of a media item: the original, and WebP thumbnails about 320 and 1280 px wide for images. */
export const VARIANTS = ['original', 'thumb-320', 'thumb-1280'] as const;
export type Variant = (typeof VARIANTS)[number];

export const MEDIA_STATES = ['uploading', 'processing', 'ready', 'failed'] as const;

export const mediaParams = z.object({ id: mediaId });
export const mediaUrlQuery = z.object({ variant: z.enum(VARIANTS).default('original') });

export const mediaInfo = z.object({
  id: mediaId,
  conversationId,
  name: z.string(),
  size: z.number().int(),
  /** Sniffed from the bytes once the upload finished; null before. */
  kind: z.enum(ATTACHMENT_KINDS).nullable(),
  mime: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  state: z.enum(MEDIA_STATES),
  /** Why processing failed: a code and a message a person can act on. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Whether a sent message names it (an upload no message names is removed after a grace period). */
  attached: z.boolean(),
  /** The variants that can be fetched now. */
  variants: z.array(z.enum(VARIANTS)),
});

export const mediaUrl = z.object({ url: z.string(), expiresAt: z.coerce.date() });

export type MediaInfo = z.infer<typeof mediaInfo>;
