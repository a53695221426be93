import { describe, expect, it } from 'vitest';
import { CloseCode } from '#protocol/close-codes.ts';
import { closeCodeOf, DENIALS, type DenialCode } from '#protocol/denials.ts';
import type { StoppedStatus } from '#sync-client/open-document.ts';
import { stopOutcome } from './refusals.ts';

function denied(code: DenialCode, message = `because ${code}`): StoppedStatus {
  return { state: 'stopped', code: closeCodeOf(code), reason: '', denial: { code, message } };
}

describe('stopOutcome', () => {
  it('no access closes the conversation whichever document the relay stopped, saying which', () => {
    expect(stopOutcome(denied('not_a_member'), 'segment')).toEqual({ kind: 'no-access', reason: 'not_a_member' });
    expect(stopOutcome(denied('not_a_member'), 'head')).toEqual({ kind: 'no-access', reason: 'not_a_member' });
    expect(stopOutcome(denied('not_found'), 'segment')).toEqual({ kind: 'no-access', reason: 'not_found' });
    expect(stopOutcome(denied('unknown_document'), 'head')).toEqual({ kind: 'no-access', reason: 'not_found' });
  });

  it('a refused write to a segment fails its messages with the relay reason, and does not remove the user', () => {
    for (const code of ['server_owned', 'message_too_large', 'invalid_value', 'client_bound_to_other_user', 'forbidden'] as const) {
      expect(stopOutcome(denied(code, 'Your clock is wrong'), 'segment')).toEqual({ kind: 'refused', reason: 'Your clock is wrong' });
    }
  });

  it('every denial that closes with forbidden has an outcome other than none on a segment', () => {
    for (const code of Object.keys(DENIALS) as DenialCode[]) {
      if (DENIALS[code].close === 'forbidden') expect(stopOutcome(denied(code), 'segment').kind).not.toBe('none');
    }
  });

  it('token and rate denials are not refusals of the conversation', () => {
    expect(stopOutcome(denied('token_revoked'), 'segment')).toEqual({ kind: 'none' });
    expect(stopOutcome(denied('rate_limited'), 'segment')).toEqual({ kind: 'none' });
  });

  it('without a denial (an older relay) reads the close code', () => {
    const bare = (code: number): StoppedStatus => ({ state: 'stopped', code, reason: 'no', denial: null });
    expect(stopOutcome(bare(CloseCode.notFound), 'segment')).toEqual({ kind: 'no-access', reason: 'not_found' });
    expect(stopOutcome(bare(CloseCode.forbidden), 'head')).toEqual({ kind: 'no-access', reason: 'not_a_member' });
    expect(stopOutcome(bare(CloseCode.forbidden), 'segment')).toEqual({ kind: 'refused', reason: 'no' });
    expect(stopOutcome(bare(CloseCode.malformedFrame), 'segment')).toEqual({ kind: 'none' });
  });
});
