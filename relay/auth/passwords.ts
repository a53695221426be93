// Password rules and password hashing (argon2id). The username rule is the model's (model/usernames.ts).
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { RuleCheck } from '../../model/usernames.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

const PASSWORD_MIN = 8;
const PASSWORD_MAX = 256;

/** Length counts characters (code points), not bytes or UTF-16 units. */
export function checkPassword(password: string, username: string): RuleCheck {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return { ok: false, message: `A password needs at least ${PASSWORD_MIN} characters` };
  if (length > PASSWORD_MAX) return { ok: false, message: `A password has at most ${PASSWORD_MAX} characters` };
  const lower = password.toLowerCase();
  if (lower === username.toLowerCase()) return { ok: false, message: 'A password cannot be the username' };
  if (COMMON_PASSWORDS.has(lower)) return { ok: false, message: 'This password is one of the most common ones; choose another' };
  return { ok: true };
}

/** argon2id parameters; the defaults are OWASP's minimum recommendation. */
export interface HashCost {
  memoryKiB: number;
  iterations: number;
}

export const DEFAULT_HASH_COST: HashCost = { memoryKiB: 19_456, iterations: 2 };

// @node-rs/argon2 declares Algorithm as a const enum, which has no runtime value under tsx.
const ARGON2ID = 2 as Algorithm;

// The same text typed on different keyboards can arrive as different code points; NFKC makes
// them one password.
const normalize = (password: string): string => password.normalize('NFKC');

export function hashPassword(password: string, cost: HashCost = DEFAULT_HASH_COST): Promise<string> {
  return hash(normalize(password), {
    algorithm: ARGON2ID,
    memoryCost: cost.memoryKiB,
    timeCost: cost.iterations,
    parallelism: 1,
  });
}

/** The parameters come from the stored hash, so hashes made with another cost still verify. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalize(password));
  } catch {
    return false;
  }
}
