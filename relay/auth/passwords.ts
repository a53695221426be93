// Username and password rules, and password hashing (argon2id).
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords.ts';

const USERNAME_MIN = 3;
const USERNAME_MAX = 32;
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 256;

const USERNAME_PATTERN = /^[a-z0-9_.-]+$/i;

export type RuleCheck = { ok: true } | { ok: false; message: string };

/** 3–32 characters of a-z, 0-9, `_`, `.` and `-`; letters in either case, compared without case. */
export function checkUsername(username: string): RuleCheck {
  if (username.length < USERNAME_MIN || username.length > USERNAME_MAX) {
    return { ok: false, message: `A username has ${USERNAME_MIN} to ${USERNAME_MAX} characters` };
  }
  if (!USERNAME_PATTERN.test(username)) {
    return { ok: false, message: 'A username may contain only letters a-z, digits and _ . -' };
  }
  return { ok: true };
}

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
