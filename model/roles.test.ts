import { describe, expect, it } from 'vitest';
import {
  ROLES,
  byRank,
  canChangeRoles,
  canChangeVisibility,
  canDeleteOthersMessages,
  canEditDetails,
  canInvite,
  canRemove,
  isRole,
} from './roles.ts';

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

  it("admins and moderators may delete other members' messages", () => {
    expect(ROLES.filter(canDeleteOthersMessages)).toEqual(['admin', 'moderator']);
  });

  it('sorts admins first and members last', () => {
    expect((['member', 'admin', 'moderator'] as const).slice().sort(byRank)).toEqual(['admin', 'moderator', 'member']);
  });

  it('tells a role from any other text', () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect(['owner', 'Admin', ''].some(isRole)).toBe(false);
  });
});

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
