// The second line of a conversation in the list: who wrote the newest message, and its text (or,
// for a message of attachments alone, "Photo", "Video" or the file's name).
import { z } from 'zod';
import type { Conversation, Preview } from '#model/inbox.ts';
import { member } from '#protocol/http/conversations.ts';
import { plainText } from '../chat/markdown.ts';
import { attachmentsLabel } from '#model/attachments.ts';
import { attachmentPreview } from './attachment-previews.svelte.ts';
import { readJson } from '../storage/local-json.ts';

export function previewLine(conversation: Pick<Conversation, 'id' | 'kind'>, preview: Preview, me: string): string {
  const text = preview.deleted
    ? 'Message deleted'
    : plainText(preview.text) ||
      attachmentsLabel(preview.attachments ?? []) ||
      attachmentPreview(conversation.id, preview.hlc) ||
      'Attachment';
  if (preview.author === me) return `You: ${text}`;
  if (conversation.kind === 'dm') return text;
  // Group members are known once the conversation was opened on this device (lib/chat/members).
  const author = readJson(`parley:members:${conversation.id}`, z.array(member), []).find((member) => member.userId === preview.author);
  return author ? `${author.username}: ${text}` : text;
}
