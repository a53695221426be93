import { describe, expect, it } from 'vitest';
import { canChangeRoles, canChangeVisibility, canEditDetails, canInvite, canRemove } from './room-roles.ts';

describe('room roles', () => {
  it('lets only admins change roles', () => {
    expect(canChangeRoles('admin')).toBe(true);
    expect(canChangeRoles('moderator')).toBe(false);
  });

  it('lets moderators remove plain members but not other moderators or admins', () => {
    expect(canRemove('moderator', 'member')).toBe(true);
    expect(canRemove('moderator', 'moderator')).toBe(false);
    expect(canRemove('moderator', 'admin')).toBe(false);
    expect(canRemove('admin', 'moderator')).toBe(true);
    expect(canRemove('member', 'member')).toBe(false);
  });

  it('lets admins and moderators invite', () => {
    expect(canInvite('moderator')).toBe(true);
    expect(canInvite('member')).toBe(false);
  });

  it('lets admins and moderators rename a group, and only admins change who can join', () => {
    expect([canEditDetails('admin'), canEditDetails('moderator'), canEditDetails('member')]).toEqual([true, true, false]);
    expect([canChangeVisibility('admin'), canChangeVisibility('moderator'), canChangeVisibility('member')]).toEqual([true, false, false]);
  });
});
