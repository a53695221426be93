// Names of the documents Parley syncs, so the relay can tell from `/sync/<name>` which
// conversation or user a document belongs to before loading it. Ids must not contain ':',
// which separates the parts; every name fits the relay's document-name rule.
import { ModelError, ModelErrorCode } from './errors.ts';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@~-]{0,99}$/;
const NAME_PATTERN = /^(c|i):([A-Za-z0-9][A-Za-z0-9._@~-]{0,99})(?::s:(0|[1-9][0-9]{0,8}))?$/;

export type DocName =
  { kind: 'head'; conversationId: string } | { kind: 'segment'; conversationId: string; index: number } | { kind: 'inbox'; userId: string };

/** The head document of a conversation: its list of segments. */
export function headDocName(conversationId: string): string {
  return `c:${checkId(conversationId)}`;
}

/** One segment of a conversation's messages. */
export function segmentDocName(conversationId: string, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index > 999_999_999) {
    throw new ModelError(ModelErrorCode.invalidName, `Invalid segment index ${index}`);
  }
  return `c:${checkId(conversationId)}:s:${index}`;
}

/** A user's inbox document. */
export function inboxDocName(userId: string): string {
  return `i:${checkId(userId)}`;
}

export function parseDocName(name: string): DocName | undefined {
  const match = NAME_PATTERN.exec(name);
  if (!match) return undefined;
  const [, prefix, id = '', index] = match;
  if (prefix === 'i') return index === undefined ? { kind: 'inbox', userId: id } : undefined;
  return index === undefined ? { kind: 'head', conversationId: id } : { kind: 'segment', conversationId: id, index: Number(index) };
}

function checkId(id: string): string {
  if (!ID_PATTERN.test(id)) throw new ModelError(ModelErrorCode.invalidName, `"${id}" cannot be part of a document name`);
  return id;
}
