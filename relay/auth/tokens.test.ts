import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenService } from './tokens.ts';

const claims = { userId: 'u0123456789abcdef', username: 'alice', sessionId: 'family-of-refresh-tokens' };
const service = (key = randomBytes(32)) => new TokenService({ ACCESS_TOKEN_TTL_SECONDS: 900 }, key);

describe('access tokens', () => {
  it('a token issued by the service verifies to the same claims', async () => {
    const tokens = service();
    expect(await tokens.verifyAccess(await tokens.issueAccess(claims))).toEqual({ ok: true, claims });
  });

  it('a token lives ACCESS_TOKEN_TTL_SECONDS', async () => {
    const token = await service().issueAccess(claims);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(payload.exp - payload.iat).toBe(900);
  });

  it('no token is token_missing', async () => {
    expect(await service().verifyAccess(undefined)).toMatchObject({ ok: false, code: 'token_missing' });
    expect(await service().verifyAccess('')).toMatchObject({ ok: false, code: 'token_missing' });
  });

  it('an expired token is token_expired', async () => {
    const tokens = service();
    const expired = await tokens.issueAccess(claims, { expiresInSeconds: -60 });
    expect(await tokens.verifyAccess(expired)).toMatchObject({ ok: false, code: 'token_expired' });
  });

  it('a token signed with another key is token_invalid', async () => {
    const forged = await service().issueAccess(claims);
    expect(await service().verifyAccess(forged)).toMatchObject({ ok: false, code: 'token_invalid' });
  });

  it('an unsigned token (alg none) and garbage are token_invalid', async () => {
    const body = Buffer.from(JSON.stringify({ sub: claims.userId, name: 'alice', aud: 'parley:access', exp: 2e9 })).toString('base64url');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    expect(await service().verifyAccess(unsigned)).toMatchObject({ ok: false, code: 'token_invalid' });
    expect(await service().verifyAccess('not.a.jwt')).toMatchObject({ ok: false, code: 'token_invalid' });
  });

  it('a token whose subject is not a user id is token_invalid', async () => {
    const tokens = service();
    const odd = await tokens.issueAccess({ ...claims, userId: 'c:room' });
    expect(await tokens.verifyAccess(odd)).toMatchObject({ ok: false, code: 'token_invalid' });
  });
});
