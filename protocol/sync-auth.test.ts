import { describe, expect, it } from 'vitest';
import { connectionToken, selectedProtocol, SYNC_SUBPROTOCOL, tokenProtocols } from './sync-auth.ts';

const url = (query = '') => new URL(`http://relay/sync/k0123456789abcdef${query}`);
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl-_x';

describe('the connection token', () => {
  it('travels in the subprotocols, read back whole', () => {
    const header = tokenProtocols(JWT).join(', ');
    expect(connectionToken(header, url())).toBe(JWT);
  });

  it('falls back to ?token= for stock providers, and the header wins over the query', () => {
    expect(connectionToken(undefined, url('?token=from-query'))).toBe('from-query');
    expect(connectionToken('', url('?token=from-query'))).toBe('from-query');
    expect(connectionToken(tokenProtocols(JWT).join(','), url('?token=from-query'))).toBe(JWT);
  });

  it('is missing when neither carries one, and an empty token protocol is no token', () => {
    expect(connectionToken(undefined, url())).toBeUndefined();
    expect(connectionToken('parley.token.', url())).toBeUndefined();
    expect(connectionToken('chat, superchat', url('?acks=1'))).toBeUndefined();
  });

  it('every character of a JWT is a valid subprotocol character (RFC 6455: an HTTP token)', () => {
    for (const protocol of tokenProtocols(JWT)) expect(protocol).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
  });
});

describe('the subprotocol the relay answers with', () => {
  it("is Parley's own, never the one that holds the token", () => {
    expect(selectedProtocol(new Set(tokenProtocols(JWT)))).toBe(SYNC_SUBPROTOCOL);
    expect(selectedProtocol(new Set([`parley.token.${JWT}`]))).toBe(false);
    expect(selectedProtocol(new Set(['chat']))).toBe(false);
  });
});
