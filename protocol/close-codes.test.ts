import { describe, expect, it } from 'vitest';
import { closeAction, CloseCode, isKnownCloseCode } from './close-codes.ts';

describe('close codes', () => {
  it('retries transient closes and unknown codes', () => {
    for (const code of [1006, 1011, 1012, 1013, 4408, 1000, 1001, 4500, 4999]) expect(closeAction(code)).toBe('retry');
  });
  it('stops on client errors and auth refusals', () => {
    for (const code of [1003, 1007, 1009, 4400, 4403, 4404]) expect(closeAction(code)).toBe('stop');
  });
  it('asks for a new token on 4401', () => {
    expect(closeAction(4401)).toBe('refresh-token');
  });
  it('names each code once', () => {
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(isKnownCloseCode(code)).toBe(true);
    expect(isKnownCloseCode(4500)).toBe(false);
    expect(CloseCode.forbidden).toBe(4403);
  });
});
