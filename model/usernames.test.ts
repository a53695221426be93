import { describe, expect, it } from 'vitest';
import { checkUsername } from './usernames.ts';

describe('username rules', () => {
  it.each(['ann', 'Alice', 'bob_smith', 'c.d-e', 'x'.repeat(32), '007'])('accepts %s', (name) => {
    expect(checkUsername(name)).toEqual({ ok: true });
  });

  it.each([
    ['ab', /3 to 32/],
    ['x'.repeat(33), /3 to 32/],
    ['has space', /only letters/],
    ['colon:name', /only letters/],
    ['émile', /only letters/],
  ])('rejects %s with a message saying why', (name, message) => {
    const check = checkUsername(name);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(message);
  });
});
