// The public API of the chat document model. Imports only yjs and lib0; no I/O, no clocks.
export { IDLE_TYPING, isTypingFresh, nextTyping, readPeers, readState, TYPING_IDLE_MS, TYPING_REFRESH_MS } from './awareness.ts';
export type { AwarenessState, Peer, Presence, TypingSignal } from './awareness.ts';
export { authorResolver, bindClients, clientBindings, CLIENTS_KEY, creatorOf } from './authors.ts';
export type { AuthorOf } from './authors.ts';
export { headDocName, inboxDocName, parseDocName, segmentDocName } from './doc-names.ts';
export type { DocName } from './doc-names.ts';
export { ModelError, ModelErrorCode } from './errors.ts';
export { dayKeyFormatter, GROUP_WINDOW_MS, groupMessages } from './grouping.ts';
export type { DisplayItem, GroupableMessage, GroupingOptions } from './grouping.ts';
export { compareHlc, createHlc, formatHlc, MAX_CLOCK_DRIFT_MS, nodeFromClientId, parseHlc, receive, tick } from './hlc.ts';
export type { Hlc } from './hlc.ts';
export { isMessageId, messageId, messageIdClient } from './ids.ts';
export {
  CLIENT_FIELDS,
  CONVERSATIONS_KEY,
  conversationsMap,
  inboxFieldOwner,
  findConversation,
  listConversations,
  readMarkers,
  PREVIEW_LENGTH,
  previewText,
  RELAY_FIELDS,
  setDraft,
  setReadMarker,
  writeRelayFields,
} from './inbox.ts';
export type { Conversation, ConversationKind, Preview, RelayFields } from './inbox.ts';
export { parseMentions, resolveMentions } from './mentions.ts';
export type { UsernameLookup } from './mentions.ts';
export { addReaction, deleteMessage, editMessage, listMessages, removeReaction, sendMessage } from './messages.ts';
export type { Draft, ListedMessage } from './messages.ts';
export { compareMessages, mergeOrdered } from './order.ts';
export type { Ordered } from './order.ts';
export {
  ATTACHMENT_KINDS,
  MESSAGES_KEY,
  MessageField,
  messagesMap,
  parseReactionKey,
  reactionKey,
  readMessage,
  SCHEMA_VERSION,
} from './schema.ts';
export type { Attachment, AttachmentKind, StoredMessage } from './schema.ts';
export {
  appendSegment,
  HEAD_KEY,
  latestSegment,
  MAX_SEGMENT_BYTES,
  MAX_SEGMENT_MESSAGES,
  readSegments,
  segmentFor,
  SEGMENTS_FIELD,
  shouldRollOver,
} from './segments.ts';
export type { SegmentRef } from './segments.ts';
export { advanceReadPositions, READS_KEY, readPositions } from './read-positions.ts';
export type { ReadPosition } from './read-positions.ts';
export { firstUnread, unreadCounts } from './unread.ts';
export type { CountedMessage, UnreadCandidate, UnreadCounts } from './unread.ts';
export { checkDelete, checkValue, checkWrite } from './write-policy.ts';
export type { ItemPlace, Role, WriteDenial, Writer } from './write-policy.ts';
export { isEmoji, isUserId, MAX_ATTACHMENTS, MAX_MENTIONS, MAX_TEXT_LENGTH } from './validation.ts';
