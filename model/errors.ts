// The model's one error type and every code it uses, in one table, so the app and the relay can
// map a code to a message or a close code without matching on text.

export const ModelErrorCode = {
  /** A message needs text or at least one attachment. */
  emptyMessage: 'empty_message',
  /** Text longer than MAX_TEXT_LENGTH code points. */
  textTooLong: 'text_too_long',
  /** An attachment reference with a missing or malformed field, or too many attachments. */
  invalidAttachment: 'invalid_attachment',
  /** A mention list that is not a list of user ids, or too long. */
  invalidMentions: 'invalid_mentions',
  /** A reply-to that is not a message id. */
  invalidReply: 'invalid_reply',
  /** A message id that is malformed or not owned by the writing Yjs client. */
  invalidMessageId: 'invalid_message_id',
  /** A message with this id already exists. */
  duplicateMessage: 'duplicate_message',
  /** No message with this id in this document. */
  messageNotFound: 'message_not_found',
  /** The message is tombstoned and can no longer change. */
  messageDeleted: 'message_deleted',
  /** The message was written by a newer schema this client must not overwrite. */
  unsupportedVersion: 'unsupported_version',
  /** A reaction that is not a single emoji. */
  invalidEmoji: 'invalid_emoji',
  /** A user id that is empty, too long or contains a control character. */
  invalidUserId: 'invalid_user_id',
  /** A clock value or wall time that is not a valid non-negative integer in range. */
  invalidClock: 'invalid_clock',
  /** The inbox has no entry for this conversation (entries are created by the relay). */
  unknownConversation: 'unknown_conversation',
  /** A conversation or user id that cannot be part of a document name. */
  invalidName: 'invalid_name',
  /** A draft longer than MAX_TEXT_LENGTH code points. */
  draftTooLong: 'draft_too_long',
} as const;

export type ModelErrorCode = (typeof ModelErrorCode)[keyof typeof ModelErrorCode];

export class ModelError extends Error {
  override readonly name = 'ModelError';

  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
  }
}
