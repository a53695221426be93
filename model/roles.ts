// Who may do what in a conversation, by role: the rules the relay applies, and the app follows
// so its screens offer only what the relay would allow.

export const ROLES = ['admin', 'moderator', 'member'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { admin: 3, moderator: 2, member: 1 };

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Admins and moderators add people (by name or invite link), list and lift bans. */
export const canInvite = (actor: Role | null): boolean => actor !== null && RANK[actor] >= RANK.moderator;

/** Admins and moderators delete other members' messages (the author may always delete their own). */
export const canDeleteOthersMessages = canInvite;

/** Admins and moderators rename a group and set its topic. */
export const canEditDetails = canInvite;

/** Only admins make a group public or private: it decides who may walk in. */
export const canChangeVisibility = (actor: Role | null): boolean => actor === 'admin';

/** Only admins change roles. */
export const canChangeRoles = (actor: Role | null): boolean => actor === 'admin';

/**
 * Whether `actor` may remove or ban someone whose role is `target` (null: not a member, which only
 * matters for bans). Admins may remove anyone; moderators only members and non-members.
 */
export function canRemove(actor: Role | null, target: Role | null): boolean {
  if (actor === 'admin') return true;
  if (actor === 'moderator') return target === null || target === 'member';
  return false;
}

/** Orders members for display: admins, then moderators, then members. */
export const byRank = (a: Role, b: Role): number => RANK[b] - RANK[a];
