// Who may do what to whom in a group, as the relay decides it (relay/README.md, "Conversations"):
// the screens only offer what the relay would allow.
import type { Role } from '../api/types.ts';

export function canChangeRoles(mine: Role): boolean {
  return mine === 'admin';
}

/** Removing or banning `target`: admins anyone else, moderators plain members only. */
export function canRemove(mine: Role, target: Role): boolean {
  if (mine === 'admin') return true;
  return mine === 'moderator' && target === 'member';
}

export function canInvite(mine: Role): boolean {
  return mine === 'admin' || mine === 'moderator';
}

/** Renaming a group and setting its topic. */
export const canEditDetails = canInvite;

/** Making a group public or private. */
export function canChangeVisibility(mine: Role): boolean {
  return mine === 'admin';
}

export const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', moderator: 'Moderator', member: 'Member' };
