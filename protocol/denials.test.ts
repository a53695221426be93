import { describe, expect, it } from 'vitest';
import { closeAction, CloseCode } from './close-codes.ts';
import { closeCodeOf, DENIALS, denialReason, parseDenialReason, type DenialCode } from './denials.ts';

const codes = Object.keys(DENIALS) as DenialCode[];

describe('denials', () => {
  it('closes each denial with a code of the close table', () => {
    for (const code of codes) expect(Object.values(CloseCode)).toContain(closeCodeOf(code));
  });
  it('tells a removal from a refused write and from a limit by code, all three after a close the client does not retry blindly', () => {
    expect(closeCodeOf('not_a_member')).toBe(CloseCode.forbidden);
    expect(closeCodeOf('server_owned')).toBe(CloseCode.forbidden);
    expect(closeAction(closeCodeOf('rate_limited'))).toBe('retry');
    expect(closeAction(closeCodeOf('token_revoked'))).toBe('refresh-token');
    expect(closeAction(closeCodeOf('not_found'))).toBe('stop');
  });
  it('reads back every reason the relay writes', () => {
    for (const code of codes)
      expect(parseDenialReason(denialReason({ code, message: `m ${code}` }))).toEqual({ code, message: `m ${code}` });
  });
  it('reads nothing from reasons that are not Parley denials', () => {
    for (const reason of ['', 'Permission denied', '{"code":"made_up","message":"x"}', '{"code":"forbidden"}', '[1]', 'null'])
      expect(parseDenialReason(reason)).toBeNull();
  });
});
