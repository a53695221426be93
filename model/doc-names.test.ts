import { describe, expect, it } from 'vitest';
import { headDocName, inboxDocName, parseDocName, segmentDocName } from './doc-names.ts';
import { ModelError } from './errors.ts';

// The relay's rule for /sync/<name> (relay/sync/doc-name.ts).
const RELAY_NAME = /^[A-Za-z0-9][A-Za-z0-9._:@~-]{0,199}$/;

describe('document names', () => {
  it('M-NAME-1: names the head, the segments and the inbox so they parse back', () => {
    expect(headDocName('room-1')).toBe('c:room-1');
    expect(segmentDocName('room-1', 12)).toBe('c:room-1:s:12');
    expect(inboxDocName('u.alice')).toBe('i:u.alice');
    expect(parseDocName('c:room-1')).toEqual({ kind: 'head', conversationId: 'room-1' });
    expect(parseDocName('c:room-1:s:12')).toEqual({ kind: 'segment', conversationId: 'room-1', index: 12 });
    expect(parseDocName('i:u.alice')).toEqual({ kind: 'inbox', userId: 'u.alice' });
  });

  it("M-NAME-1: every name fits the relay's document-name rule", () => {
    const id = `a${'x'.repeat(99)}`;
    for (const name of [headDocName(id), segmentDocName(id, 999_999_999), inboxDocName(id)]) expect(name).toMatch(RELAY_NAME);
  });

  it('M-NAME-2: refuses ids that would make a name ambiguous or invalid', () => {
    for (const bad of ['', 'a:b', ':a', '-a', 'a b', 'x'.repeat(101)]) {
      expect(() => headDocName(bad)).toThrow(ModelError);
      expect(() => inboxDocName(bad)).toThrow(ModelError);
    }
    for (const index of [-1, 1.5, 1e10]) expect(() => segmentDocName('room', index)).toThrow(ModelError);
  });

  it('M-NAME-3: anything else parses as no Parley document', () => {
    for (const bad of ['', 'room', 'c:', 'c:a:s:', 'c:a:s:01', 'c:a:s:-1', 'i:a:s:1', 'x:a', 'c:a:b']) {
      expect(parseDocName(bad)).toBeUndefined();
    }
  });
});
