import { describe, expect, it } from 'vitest';
import { headDocName, inboxDocName, parseDocName } from '../model/doc-names.ts';
import { CONVERSATION_ID_PATTERN, USER_ID_PATTERN } from '../protocol/http/ids.ts';
import { newConversationId, newUserId } from './ids.ts';

describe('ids', () => {
  it('user and conversation ids have their prefix and 16 base36 characters', () => {
    expect(newUserId()).toMatch(USER_ID_PATTERN);
    expect(newConversationId()).toMatch(CONVERSATION_ID_PATTERN);
  });

  it('ids can be parts of document names and parse back', () => {
    const userId = newUserId();
    const conversationId = newConversationId();
    expect(parseDocName(inboxDocName(userId))).toEqual({ kind: 'inbox', userId });
    expect(parseDocName(headDocName(conversationId))).toEqual({ kind: 'head', conversationId });
  });

  it('a thousand ids are all different', () => {
    expect(new Set(Array.from({ length: 1000 }, newUserId)).size).toBe(1000);
  });
});
