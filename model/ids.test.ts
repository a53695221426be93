import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMessageId, messageId, messageIdClient } from './ids.ts';

describe('message ids', () => {
  it('M-ID-1: a message id names the clientID that owns it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 1e13 }), (clientID, wallMs) => {
        const id = messageId({ wallMs, counter: 0, node: 'a' }, clientID);
        expect(messageIdClient(id)).toBe(clientID);
        expect(isMessageId(id)).toBe(true);
      }),
    );
  });

  it('M-ID-2: malformed ids own nothing', () => {
    for (const bad of ['', 'abc', '~1', 'abc~', 'ABC~1', 'a b~1', `${'a'.repeat(41)}~1`, 'abc~zzzzzzzz', 'abc~1zzzzzz']) {
      expect(messageIdClient(bad)).toBeUndefined();
    }
    expect(isMessageId(5)).toBe(false);
  });
});
