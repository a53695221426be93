// Turns the relay's auth errors into messages next to the field they concern.
import { checkUsername, USERNAME_MAX, USERNAME_MIN } from '#model/usernames.ts';
import { ApiError } from '../api/request.ts';

export interface FieldErrors {
  username?: string;
  password?: string;
  /** Not about one field: wrong credentials, waiting time, network. */
  form?: string;
}

export const MIN_PASSWORD = 8;

/** "30 seconds", "2 minutes", "15 minutes". */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function authErrorFields(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return { form: 'Something went wrong. Please try again.' };
  switch (error.code) {
    case 'invalid_username':
      return { username: error.message };
    case 'username_taken':
      return { username: 'That username is taken. Try another one.' };
    case 'weak_password':
      return { password: error.message };
    case 'invalid_credentials':
      return { form: 'Wrong username or password.' };
    case 'too_many_attempts':
      return { form: `Too many failed attempts. Try again in ${waitText(error.retryAfterSeconds ?? 60)}.` };
    case 'rate_limited':
      return { form: `Too many requests. Try again in ${waitText(error.retryAfterSeconds ?? 60)}.` };
    case 'invalid_request':
      if (/username/i.test(error.message)) return { username: error.message };
      if (/password/i.test(error.message)) return { password: error.message };
      return { form: error.message };
    default:
      return { form: error.message };
  }
}

/** Checks done before asking the relay: the username rule itself, and the relay's password length. */
export function checkRegistration(username: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!checkUsername(username).ok) errors.username = `Use ${USERNAME_MIN}–${USERNAME_MAX} letters, digits, dots, dashes or underscores.`;
  if (password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters.`;
  else if (password.toLowerCase() === username.toLowerCase()) errors.password = 'Your password cannot be your username.';
  return errors;
}
