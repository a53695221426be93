import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/request.ts';
import { authErrorFields, checkRegistration, waitText } from './auth-errors.ts';

describe('auth errors', () => {
  it('puts each relay error next to its field', () => {
    expect(authErrorFields(new ApiError(409, 'username_taken', 'taken'))).toEqual({ username: 'That username is taken. Try another one.' });
    expect(authErrorFields(new ApiError(400, 'weak_password', 'This password is too common.'))).toEqual({
      password: 'This password is too common.',
    });
    expect(authErrorFields(new ApiError(401, 'invalid_credentials', 'x'))).toEqual({ form: 'Wrong username or password.' });
  });

  it('says how long to wait after too many attempts', () => {
    expect(authErrorFields(new ApiError(429, 'too_many_attempts', 'x', 4))).toEqual({
      form: 'Too many failed attempts. Try again in 4 seconds.',
    });
    expect(waitText(1)).toBe('1 second');
    expect(waitText(600)).toBe('10 minutes');
  });

  it('checks the username and password rules before asking the relay', () => {
    expect(checkRegistration('al', 'short')).toEqual({
      username: 'Use 3–32 letters, digits, dots, dashes or underscores.',
      password: 'Use at least 8 characters.',
    });
    expect(checkRegistration('alice_12', 'Alice_12')).toEqual({ password: 'Your password cannot be your username.' });
    expect(checkRegistration('alice_1', 'a good passphrase')).toEqual({});
  });
});
