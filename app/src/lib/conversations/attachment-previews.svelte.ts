// What the conversation list says for a message of attachments alone ("Photo", "Video", a file's
// name). The relay's preview carries only the text, which is empty for such a message, so the
// app remembers what it saw in the messages themselves (kept across reloads, the newest 200).
import { z } from 'zod';
import type { Attachment } from '#model/schema.ts';
import { attachmentsLabel } from '../media/kinds.ts';
import { readJson, writeJson } from '../storage/local-json.ts';

const KEY = 'parley:attachment-previews';
const KEEP = 200;

let labels = $state<Record<string, string>>(readJson(KEY, z.record(z.string(), z.string()), {}));

const keyOf = (conversationId: string, hlc: string) => `${conversationId} ${hlc}`;

/** The list's word for the message stamped `hlc`, if it was one of attachments alone seen here. */
export function attachmentPreview(conversationId: string, hlc: string): string | undefined {
  return labels[keyOf(conversationId, hlc)];
}

/** Remembers the words for these messages that have attachments and no text. */
export function rememberAttachmentPreviews(
  conversationId: string,
  messages: readonly { hlc: string; text: string; attachments: readonly Pick<Attachment, 'kind' | 'name'>[] }[],
): void {
  const found = messages.filter((message) => message.text.trim() === '' && message.attachments.length > 0);
  const fresh = found.filter((message) => labels[keyOf(conversationId, message.hlc)] !== attachmentsLabel(message.attachments));
  if (fresh.length === 0) return;
  const next = { ...labels };
  for (const message of fresh) next[keyOf(conversationId, message.hlc)] = attachmentsLabel(message.attachments);
  labels = Object.fromEntries(Object.entries(next).slice(-KEEP));
  writeJson(KEY, labels);
}
