import { describe, expect, it } from 'vitest';
import { ROLES, byRank, canChangeRoles, canInvite, canRemove } from './roles.ts';

describe('roles', () => {
  it('admins and moderators may invite; members and non-members may not', () => {
    expect(ROLES.filter(canInvite)).toEqual(['admin', 'moderator']);
    expect(canInvite(null)).toBe(false);
  });

  it('only admins change roles', () => {
    expect(ROLES.filter(canChangeRoles)).toEqual(['admin']);
  });

  it('an admin may remove anyone', () => {
    expect([...ROLES, null].every((target) => canRemove('admin', target))).toBe(true);
  });

  it('a moderator may remove members and ban non-members, but not admins or other moderators', () => {
    expect(canRemove('moderator', 'member')).toBe(true);
    expect(canRemove('moderator', null)).toBe(true);
    expect(canRemove('moderator', 'admin')).toBe(false);
    expect(canRemove('moderator', 'moderator')).toBe(false);
  });

  it('a member or non-member may remove nobody', () => {
    expect([...ROLES, null].some((target) => canRemove('member', target) || canRemove(null, target))).toBe(false);
  });

  it('sorts admins first and members last', () => {
    expect((['member', 'admin', 'moderator'] as const).slice().sort(byRank)).toEqual(['admin', 'moderator', 'member']);
  });
});
