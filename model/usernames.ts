// The username rule: the relay refuses a registration that breaks it, and the app checks it
// before asking, so both say the same.

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;

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
