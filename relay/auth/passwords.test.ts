import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, verifyPassword } from './passwords.ts';

describe('password rules', () => {
  it('accepts a long uncommon password', () => {
    expect(checkPassword('correct horse battery', 'alice')).toEqual({ ok: true });
  });

  it.each([
    ['short', 'alice', /at least 8/],
    ['x'.repeat(257), 'alice', /at most 256/],
    ['AliceCooper', 'alicecooper', /cannot be the username/],
    ['Password123', 'alice', /most common/],
    ['qwertyuiop', 'alice', /most common/],
  ])('rejects %s for user %s', (password, username, message) => {
    const check = checkPassword(password, username);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(message);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkPassword('🔒🔒🔒🔒🔒🔒🔒', 'alice').ok).toBe(false);
    expect(checkPassword('🔒🔒🔒🔒🔒🔒🔒🔒', 'alice').ok).toBe(true);
  });
});

describe('password hashing', () => {
  const cheap = { memoryKiB: 1024, iterations: 1 };

  it('produces an argon2id hash that verifies only the same password', async () => {
    const stored = await hashPassword('correct horse battery', cheap);
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
  });

  it('uses the OWASP parameters by default', async () => {
    expect(await hashPassword('correct horse battery')).toMatch(/\$m=19456,t=2,p=1\$/);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait', cheap);
    expect(await verifyPassword(stored, 'cafe\u0301 au lait')).toBe(true);
  });

  it('does not verify against a malformed hash', async () => {
    expect(await verifyPassword('not a hash', 'whatever it is')).toBe(false);
  });
});
