// Input rules for everything a client writes into a conversation. They run before any write,
// so an invalid call changes nothing; the relay can apply the same functions to decoded updates.
import { ModelError, ModelErrorCode } from './errors.ts';
import { isMessageId } from './ids.ts';
import type { Attachment } from './schema.ts';
import { isAttachmentKind } from './schema.ts';

export const MAX_TEXT_LENGTH = 10_000;
export const MAX_ATTACHMENTS = 10;
export const MAX_MENTIONS = 50;
export const MAX_USER_ID_LENGTH = 128;
const MAX_ATTACHMENT_NAME_LENGTH = 255;
const MAX_ATTACHMENT_ID_LENGTH = 128;
/** Pixels along one side of an image or video: more than any camera makes. */
const MAX_DIMENSION = 100_000;
/** A ThumbHash is at most 25 bytes: 36 characters of base64 (some room to spare). */
const THUMBHASH_PATTERN = /^[A-Za-z0-9+/]{4,48}={0,2}$/;
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;
const MIME_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
// A user id ends up inside reaction keys (NUL-separated) and on screen: no control characters.
const CONTROL_PATTERN = /\p{Cc}/u;
const EMOJI_PATTERN = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const MAX_EMOJI_LENGTH = 32;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Length in code points, which is what a person counts, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

export function checkText(text: unknown, hasAttachments: boolean): string {
  if (typeof text !== 'string') throw new ModelError(ModelErrorCode.emptyMessage, 'Message text must be a string');
  if (codePointLength(text) > MAX_TEXT_LENGTH) {
    throw new ModelError(ModelErrorCode.textTooLong, `Message text is longer than ${MAX_TEXT_LENGTH} characters`);
  }
  if (text.trim() === '' && !hasAttachments) throw new ModelError(ModelErrorCode.emptyMessage, 'A message needs text or an attachment');
  return text;
}

export function checkAttachments(value: unknown): Attachment[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_ATTACHMENTS) {
    throw new ModelError(ModelErrorCode.invalidAttachment, `Attachments must be a list of at most ${MAX_ATTACHMENTS}`);
  }
  return value.map((item: unknown, index) => {
    const fields = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const { id, kind, name, size, mime, width, height, thumbhash, durationMs, posterId } = fields;
    const valid =
      isAttachmentId(id) &&
      isAttachmentKind(kind) &&
      typeof name === 'string' &&
      name.length > 0 &&
      name.length <= MAX_ATTACHMENT_NAME_LENGTH &&
      !CONTROL_PATTERN.test(name) &&
      typeof size === 'number' &&
      Number.isSafeInteger(size) &&
      size >= 0 &&
      typeof mime === 'string' &&
      MIME_PATTERN.test(mime) &&
      (width === undefined) === (height === undefined) &&
      (width === undefined || (isDimension(width) && isDimension(height))) &&
      (thumbhash === undefined || (typeof thumbhash === 'string' && THUMBHASH_PATTERN.test(thumbhash))) &&
      (durationMs === undefined ||
        (Number.isSafeInteger(durationMs) && (durationMs as number) >= 0 && (durationMs as number) <= MAX_DURATION_MS)) &&
      (posterId === undefined || isAttachmentId(posterId));
    if (!valid) throw new ModelError(ModelErrorCode.invalidAttachment, `Attachment ${index} is malformed`);
    // Copy only the known fields so nothing unexpected is written into the document.
    return {
      id,
      kind,
      name,
      size,
      mime,
      ...(width !== undefined && { width: width as number, height: height as number }),
      ...(thumbhash !== undefined && { thumbhash: thumbhash as string }),
      ...(durationMs !== undefined && { durationMs: durationMs as number }),
      ...(posterId !== undefined && { posterId: posterId as string }),
    };
  });
}

function isAttachmentId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ATTACHMENT_ID_LENGTH && !CONTROL_PATTERN.test(value);
}

function isDimension(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= MAX_DIMENSION;
}

export function checkMentions(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_MENTIONS) {
    throw new ModelError(ModelErrorCode.invalidMentions, `Mentions must be a list of at most ${MAX_MENTIONS} user ids`);
  }
  for (const userId of value) {
    if (!isUserId(userId)) throw new ModelError(ModelErrorCode.invalidMentions, 'Mentions must be user ids');
  }
  return [...new Set(value as string[])];
}

export function checkReplyTo(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isMessageId(value)) throw new ModelError(ModelErrorCode.invalidReply, 'Reply-to must be a message id');
  return value;
}

export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_USER_ID_LENGTH && !CONTROL_PATTERN.test(value);
}

export function checkUserId(value: unknown): string {
  if (!isUserId(value)) throw new ModelError(ModelErrorCode.invalidUserId, 'Invalid user id');
  return value;
}

/** One emoji grapheme (including flags, keycaps, skin tones and ZWJ sequences). */
export function isEmoji(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_EMOJI_LENGTH) return false;
  if (CONTROL_PATTERN.test(value) || !EMOJI_PATTERN.test(value)) return false;
  let count = 0;
  for (const _ of graphemes.segment(value)) if (++count > 1) return false;
  return true;
}

export function checkEmoji(value: unknown): string {
  if (!isEmoji(value)) throw new ModelError(ModelErrorCode.invalidEmoji, 'A reaction must be a single emoji');
  return value;
}
