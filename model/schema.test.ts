import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { addReaction, deleteMessage, editMessage, listMessages, sendMessage } from './messages.ts';
import { messagesMap, parseReactionKey, reactionKey, readMessage, SCHEMA_VERSION } from './schema.ts';
import { docFor, noUsers, stampAt } from './testing.ts';

/** A message as a future client (schema v2) might write it. */
function writeFutureMessage(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  messagesMap(doc).set(id, map);
}

describe('schema', () => {
  it('M-SCHEMA-1: new messages carry the current schema version', () => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x' }, stampAt(doc, 1));
    expect(SCHEMA_VERSION).toBe(1);
    expect((messagesMap(doc).get(id) as Y.Map<unknown>).get('v')).toBe(SCHEMA_VERSION);
  });

  it('M-SCHEMA-2: a message with a higher version and unknown fields is still listed with its text', () => {
    const doc = docFor(1);
    writeFutureMessage(doc, 'future~1', {
      v: 2,
      id: 'future~1',
      hlc: '000000001-0000-a',
      text: 'from the future',
      poll: { question: 'lunch?' },
      reactions: new Y.Map(),
    });
    expect(listMessages(doc, noUsers)).toEqual([
      expect.objectContaining({ id: 'future~1', text: 'from the future', deleted: false, mentions: [], attachments: [] }),
    ]);
  });

  it('M-SCHEMA-2: reading never throws on fields of the wrong type; they read as absent', () => {
    const doc = docFor(1);
    writeFutureMessage(doc, 'odd~1', {
      v: 'two',
      hlc: 42,
      text: { rich: true },
      replyTo: 7,
      mentions: ['u-a', 3, null],
      attachments: [
        { id: 'a', kind: 'hologram', name: 'x', size: 1, mime: 'x/y' },
        'junk',
        { id: 'b', kind: 'file', name: 'b', size: 2, mime: 'a/b' },
      ],
      editedAt: 'yesterday',
      deleted: 'yes',
      reactions: { '👍\u0000u-a': true },
    });
    expect(readMessage('odd~1', messagesMap(doc).get('odd~1') as Y.Map<unknown>)).toEqual({
      version: SCHEMA_VERSION,
      id: 'odd~1',
      hlc: '',
      text: '',
      replyTo: null,
      mentions: ['u-a'],
      attachments: [{ id: 'b', kind: 'file', name: 'b', size: 2, mime: 'a/b' }],
      editedAt: null,
      deleted: false,
      reactions: [],
    });
  });

  it('M-SCHEMA-3: an older client does not edit a message written by a newer schema, but may react to or delete it', () => {
    const doc = docFor(1);
    writeFutureMessage(doc, 'future~1', { v: 2, hlc: '000000001-0000-a', text: 'x', reactions: new Y.Map() });
    expect(() => editMessage(doc, 'future~1', 'y', 5, () => undefined)).toThrow(ModelError);
    addReaction(doc, 'future~1', '👍', 'u-a');
    expect(listMessages(doc, noUsers)[0]?.reactions).toEqual([{ emoji: '👍', users: ['u-a'] }]);
    deleteMessage(doc, 'future~1');
    expect(listMessages(doc, noUsers)[0]?.deleted).toBe(true);
  });

  it("M-SCHEMA-3: reacting to a message without a reactions map is refused rather than creating one in someone else's message", () => {
    const doc = docFor(1);
    writeFutureMessage(doc, 'future~1', { v: 2, hlc: '000000001-0000-a', text: 'x' });
    try {
      addReaction(doc, 'future~1', '👍', 'u-a');
      expect.fail('should have thrown');
    } catch (error) {
      expect((error as ModelError).code).toBe('unsupported_version');
    }
  });

  it('M-SCHEMA-4: reaction keys round-trip and malformed keys or values are ignored', () => {
    expect(parseReactionKey(reactionKey('👍', 'u-a'))).toEqual({ emoji: '👍', userId: 'u-a' });
    for (const bad of ['👍', '\u0000u-a', '👍\u0000', '']) expect(parseReactionKey(bad)).toBeUndefined();
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x' }, stampAt(doc, 1));
    const reactions = (messagesMap(doc).get(id) as Y.Map<unknown>).get('reactions') as Y.Map<unknown>;
    reactions.set('no-separator', true);
    reactions.set(reactionKey('👍', 'u-a'), 'yes');
    reactions.set(reactionKey('🎉', 'u-b'), true);
    expect(listMessages(doc, noUsers)[0]?.reactions).toEqual([{ emoji: '🎉', users: ['u-b'] }]);
  });
});
