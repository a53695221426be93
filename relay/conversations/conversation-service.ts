// Conversations and who is in them: DMs, groups, joining, invites, roles, removal and bans.
// Every change runs in one transaction that first locks the conversation row, so two changes to
// one conversation (two admins leaving at once) cannot both pass a check the other invalidates.
import type { Logger } from 'pino';
import type { ConversationKind, Visibility } from '../../model/inbox.ts';
import { byRank, canChangeRoles, canChangeVisibility, canEditDetails, canInvite, canRemove, type Role } from '../../model/roles.ts';
import type { SqlClient, SqlQueryable } from '../../persistence/sql-client.ts';
import {
  groupInput,
  groupSettings,
  INVITE_LINK_DEFAULT_TTL_SECONDS,
  type Ban,
  type ConversationSummary,
  type GroupInput,
  type GroupSettings,
  type Member,
  type PublicGroup,
} from '../../protocol/http/conversations.ts';
import { hashOpaqueToken, newOpaqueToken } from '../auth/opaque-tokens.ts';
import { ErrorCode, RelayError } from '../errors.ts';
import { newConversationId } from '../ids.ts';
import { ConversationEvents, type ConversationChange, type ConversationListener } from './conversation-events.ts';

export type { ConversationChange, MembershipChange } from './conversation-events.ts';

type ConversationRow = {
  id: string;
  kind: 'dm' | 'group';
  visibility: 'public' | 'private';
};

type SummaryRow = {
  id: string;
  kind: 'dm' | 'group';
  name: string | null;
  topic: string;
  visibility: 'public' | 'private';
  created_at: Date;
  role: Role;
  member_count: number;
  other_id: string | null;
  other_username: string | null;
};

const SUMMARY_SQL = `
  SELECT c.id, c.kind, c.name, c.topic, c.visibility, c.created_at, m.role,
    (SELECT count(*) FROM memberships x WHERE x.conversation_id = c.id)::int AS member_count,
    o.id AS other_id, o.username AS other_username
  FROM memberships m
  JOIN conversations c ON c.id = m.conversation_id
  LEFT JOIN LATERAL (
    SELECT u.id, u.username FROM memberships om JOIN users u ON u.id = om.user_id
    WHERE c.kind = 'dm' AND om.conversation_id = c.id AND om.user_id <> m.user_id
  ) o ON true
  WHERE m.user_id = $1 AND ($2::text IS NULL OR c.id = $2)
  ORDER BY c.created_at DESC, c.id`;

const toSummary = (row: SummaryRow): ConversationSummary => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  topic: row.topic,
  visibility: row.visibility,
  role: row.role,
  memberCount: Number(row.member_count),
  createdAt: row.created_at,
  otherUser: row.other_id && row.other_username ? { id: row.other_id, username: row.other_username } : null,
});

type PublicGroupRow = {
  id: string;
  kind: ConversationKind;
  visibility: Visibility;
  name: string | null;
  topic: string;
  member_count: number;
  joined: boolean;
};

// $1 is the requesting user.
const PUBLIC_GROUP_SQL = `
  SELECT c.id, c.kind, c.visibility, c.name, c.topic,
    (SELECT count(*) FROM memberships x WHERE x.conversation_id = c.id)::int AS member_count,
    EXISTS (SELECT 1 FROM memberships me WHERE me.conversation_id = c.id AND me.user_id = $1) AS joined
  FROM conversations c`;

const toPublicGroup = (row: PublicGroupRow): PublicGroup => ({
  id: row.id,
  name: row.name ?? '',
  topic: row.topic,
  memberCount: Number(row.member_count),
  joined: row.joined,
});

const notFound = () => new RelayError(ErrorCode.notFound, 'No such conversation');

/** A DM's membership and settings never change; to someone outside it, it does not exist at all. */
function refuseDm(conversation: { kind: 'dm' | 'group' }, actorRole: Role | undefined | null): void {
  if (conversation.kind === 'dm') throw actorRole ? dmFixed() : notFound();
}
const dmFixed = () => new RelayError(ErrorCode.dmMembershipFixed, 'A direct message always has the same two members');
const banned = () => new RelayError(ErrorCode.banned, 'You are banned from this conversation');
const bannedTarget = () => new RelayError(ErrorCode.banned, 'This user is banned from this conversation; lift the ban first');

export class ConversationService {
  readonly #db: SqlClient;
  readonly #events: ConversationEvents;

  constructor(db: SqlClient, log: Logger) {
    this.#db = db;
    this.#events = new ConversationEvents(log);
  }

  /** Membership and settings changes, each heard once it has committed. */
  onChange(listener: ConversationListener): () => void {
    return this.#events.on(listener);
  }

  async createGroup(actorId: string, input: GroupInput): Promise<ConversationSummary> {
    const parsed = groupInput.safeParse(input);
    if (!parsed.success) throw new RelayError(ErrorCode.invalidRequest, parsed.error.issues[0]?.message ?? 'Invalid group');
    const { name, topic, visibility } = parsed.data;
    const id = newConversationId();
    return this.#change(async (tx, changes) => {
      await tx.query(`INSERT INTO conversations (id, kind, name, topic, visibility, created_by) VALUES ($1, 'group', $2, $3, $4, $5)`, [
        id,
        name,
        topic,
        visibility,
        actorId,
      ]);
      await addMember(tx, changes, id, actorId, 'admin');
      return this.#summary(tx, id, actorId);
    });
  }

  /** The DM between the two users, created on first use; `created` says whether it is new. */
  async createDm(actorId: string, otherUsername: string): Promise<{ conversation: ConversationSummary; created: boolean }> {
    const [other] = await this.#db.query<{ id: string }>('SELECT id FROM users WHERE lower(username) = lower($1)', [otherUsername]);
    if (!other) throw new RelayError(ErrorCode.notFound, `No user named "${otherUsername}"`);
    if (other.id === actorId) throw new RelayError(ErrorCode.invalidRequest, 'A direct message needs someone else');
    const dmKey = [actorId, other.id].sort().join(':');
    return this.#change(async (tx, changes) => {
      // A concurrent create of the same pair waits on the unique dm_key and then does nothing.
      const [inserted] = await tx.query<{ id: string }>(
        `INSERT INTO conversations (id, kind, name, visibility, dm_key, created_by) VALUES ($1, 'dm', NULL, 'private', $2, $3)
         ON CONFLICT (dm_key) DO NOTHING RETURNING id`,
        [newConversationId(), dmKey, actorId],
      );
      if (inserted) {
        await addMember(tx, changes, inserted.id, actorId, 'member');
        await addMember(tx, changes, inserted.id, other.id, 'member');
        return { conversation: await this.#summary(tx, inserted.id, actorId), created: true };
      }
      const [existing] = await tx.query<{ id: string }>('SELECT id FROM conversations WHERE dm_key = $1', [dmKey]);
      if (!existing) throw notFound();
      return { conversation: await this.#summary(tx, existing.id, actorId), created: false };
    });
  }

  async listMine(userId: string): Promise<ConversationSummary[]> {
    const rows = await this.#db.query<SummaryRow>(SUMMARY_SQL, [userId, null]);
    return rows.map(toSummary);
  }

  /** Renames a group or changes its topic (admins and moderators) or visibility (admins). */
  async updateGroup(actorId: string, conversationId: string, settings: GroupSettings): Promise<ConversationSummary> {
    const parsed = groupSettings.safeParse(settings);
    if (!parsed.success) throw new RelayError(ErrorCode.invalidRequest, parsed.error.issues[0]?.message ?? 'Invalid group settings');
    const { name, topic, visibility } = parsed.data;
    return this.#change(async (tx, changes) => {
      const conversation = await lockConversation(tx, conversationId);
      const role = await roleIn(tx, conversationId, actorId);
      if (!role) throw notFound();
      if (conversation.kind === 'dm')
        throw new RelayError(ErrorCode.dmMembershipFixed, 'A direct message has no name, topic or visibility');
      if (!canEditDetails(role)) throw new RelayError(ErrorCode.forbidden, 'Only admins and moderators change the name and topic');
      if (visibility !== undefined && visibility !== conversation.visibility && !canChangeVisibility(role)) {
        throw new RelayError(ErrorCode.forbidden, 'Only admins make a group public or private');
      }
      // Only a real change is announced: saving the form unchanged wakes no member's devices.
      const updated = await tx.query(
        `UPDATE conversations SET name = coalesce($2, name), topic = coalesce($3, topic), visibility = coalesce($4, visibility)
         WHERE id = $1 AND (name, topic, visibility) IS DISTINCT FROM (coalesce($2, name), coalesce($3, topic), coalesce($4, visibility))
         RETURNING id`,
        [conversationId, name ?? null, topic ?? null, visibility ?? null],
      );
      if (updated.length > 0) changes.push({ conversationId, kind: 'settings' });
      return this.#summary(tx, conversationId, actorId);
    });
  }

  /** Joins a public group. */
  async join(actorId: string, conversationId: string): Promise<ConversationSummary> {
    return this.#change(async (tx, changes) => {
      const conversation = await lockConversation(tx, conversationId);
      if (await isBanned(tx, conversationId, actorId)) throw banned();
      if (await roleIn(tx, conversationId, actorId)) throw new RelayError(ErrorCode.alreadyMember, 'You are already a member');
      if (conversation.visibility !== 'public')
        throw new RelayError(ErrorCode.forbidden, 'This conversation is private; ask an admin for an invite');
      await addMember(tx, changes, conversationId, actorId, await firstMemberRole(tx, conversationId));
      return this.#summary(tx, conversationId, actorId);
    });
  }

  /**
   * Public groups whose name or topic contains `query` (any letter case), groups the user is
   * banned from left out: names that start with it first, then the largest.
   */
  async directory(actorId: string, query: string, limit: number): Promise<PublicGroup[]> {
    const escaped = query.replace(/[\\%_]/g, (character) => `\\${character}`);
    const rows = await this.#db.query<PublicGroupRow>(
      `${PUBLIC_GROUP_SQL}
       WHERE c.kind = 'group' AND c.visibility = 'public'
         AND (c.name ILIKE $2 OR c.topic ILIKE $2)
         AND NOT EXISTS (SELECT 1 FROM bans b WHERE b.conversation_id = c.id AND b.user_id = $1)
       ORDER BY (c.name ILIKE $3) DESC, member_count DESC, lower(c.name), c.id
       LIMIT $4`,
      [actorId, `%${escaped}%`, `${escaped}%`, limit],
    );
    return rows.map(toPublicGroup);
  }

  /** A public group as the directory shows it, to anyone signed in: what a link to it offers before joining. */
  async publicGroup(actorId: string, conversationId: string): Promise<PublicGroup> {
    const [row] = await this.#db.query<PublicGroupRow>(`${PUBLIC_GROUP_SQL} WHERE c.id = $2`, [actorId, conversationId]);
    if (!row || row.kind === 'dm') throw notFound();
    if (await isBanned(this.#db, conversationId, actorId)) throw banned();
    if (row.visibility !== 'public') throw new RelayError(ErrorCode.forbidden, 'This group is private; ask an admin for an invite');
    return toPublicGroup(row);
  }

  /** Adds the user named `username` to a group; admins and moderators only. */
  async invite(actorId: string, conversationId: string, username: string): Promise<Member> {
    return this.#change(async (tx, changes) => {
      const conversation = await lockConversation(tx, conversationId);
      const role = await roleIn(tx, conversationId, actorId);
      refuseDm(conversation, role);
      if (!canInvite(role)) throw new RelayError(ErrorCode.forbidden, 'Only admins and moderators can invite');
      const [target] = await tx.query<{ id: string; username: string }>(
        'SELECT id, username FROM users WHERE lower(username) = lower($1)',
        [username],
      );
      if (!target) throw new RelayError(ErrorCode.notFound, `No user named "${username}"`);
      if (await isBanned(tx, conversationId, target.id)) throw bannedTarget();
      if (await roleIn(tx, conversationId, target.id))
        throw new RelayError(ErrorCode.alreadyMember, `${target.username} is already a member`);
      const joinedAt = await addMember(tx, changes, conversationId, target.id, 'member');
      return { userId: target.id, username: target.username, role: 'member', joinedAt };
    });
  }

  /** A link anyone signed in can use to join until it expires; admins and moderators only. */
  async createInviteLink(
    actorId: string,
    conversationId: string,
    ttlSeconds = INVITE_LINK_DEFAULT_TTL_SECONDS,
  ): Promise<{ token: string; expiresAt: Date }> {
    const conversation = await getConversation(this.#db, conversationId);
    const role = await roleIn(this.#db, conversationId, actorId);
    refuseDm(conversation, role);
    if (!canInvite(role)) throw new RelayError(ErrorCode.forbidden, 'Only admins and moderators can create invite links');
    const { token, hash } = newOpaqueToken();
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await this.#db.query('INSERT INTO invites (token_hash, conversation_id, created_by, expires_at) VALUES ($1, $2, $3, $4)', [
      hash,
      conversationId,
      actorId,
      expiresAt,
    ]);
    return { token, expiresAt };
  }

  async acceptInviteLink(actorId: string, token: string): Promise<ConversationSummary> {
    const [invite] = await this.#db.query<{ conversation_id: string; expires_at: Date }>(
      'SELECT conversation_id, expires_at FROM invites WHERE token_hash = $1',
      [hashOpaqueToken(token)],
    );
    if (!invite) throw new RelayError(ErrorCode.notFound, 'This invite link does not exist');
    if (invite.expires_at.getTime() <= Date.now())
      throw new RelayError(ErrorCode.inviteExpired, 'This invite link has expired; ask for a new one');
    const conversationId = invite.conversation_id;
    return this.#change(async (tx, changes) => {
      await lockConversation(tx, conversationId);
      if (await isBanned(tx, conversationId, actorId)) throw banned();
      if (await roleIn(tx, conversationId, actorId)) throw new RelayError(ErrorCode.alreadyMember, 'You are already a member');
      await addMember(tx, changes, conversationId, actorId, await firstMemberRole(tx, conversationId));
      return this.#summary(tx, conversationId, actorId);
    });
  }

  /** The last admin cannot leave while other members remain: they must promote someone first. */
  async leave(actorId: string, conversationId: string): Promise<void> {
    await this.#change(async (tx, changes) => {
      const conversation = await lockConversation(tx, conversationId);
      const role = await roleIn(tx, conversationId, actorId);
      if (!role) throw new RelayError(ErrorCode.notFound, 'You are not a member of this conversation');
      if (conversation.kind === 'dm') throw dmFixed();
      if (role === 'admin' && (await isLastAdmin(tx, conversationId)) && (await memberCount(tx, conversationId)) > 1) {
        throw new RelayError(ErrorCode.lastAdmin, 'You are the only admin: make someone else admin before leaving');
      }
      await removeMembership(tx, changes, conversationId, actorId, 'left');
    });
  }

  /**
   * Takes a user out of every group, for deleting their account; their DMs stay, so the other
   * person keeps the history. Refused as a whole while they are the only admin of a group others
   * are still in, naming those groups.
   */
  async leaveAllGroups(actorId: string): Promise<void> {
    await this.#change(async (tx, changes) => {
      const groups = await tx.query<{ id: string; name: string; role: Role }>(
        `SELECT c.id, c.name, m.role FROM memberships m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.user_id = $1 AND c.kind = 'group' ORDER BY c.id FOR UPDATE OF c`,
        [actorId],
      );
      const held: string[] = [];
      for (const group of groups)
        if (group.role === 'admin' && (await isLastAdmin(tx, group.id)) && (await memberCount(tx, group.id)) > 1) held.push(group.name);
      if (held.length > 0) {
        const names = held.map((name) => `"${name}"`).join(', ');
        throw new RelayError(ErrorCode.lastAdmin, `You are the only admin of ${names}: make someone else admin there first`);
      }
      for (const group of groups) await removeMembership(tx, changes, group.id, actorId, 'left');
    });
  }

  /** Members with roles, admins first. Anyone signed in may list a public group's members. */
  async members(actorId: string, conversationId: string): Promise<Member[]> {
    const conversation = await getConversation(this.#db, conversationId);
    if (conversation.visibility !== 'public' && !(await roleIn(this.#db, conversationId, actorId))) {
      throw new RelayError(ErrorCode.forbidden, 'Only members see who is in a private conversation');
    }
    return listMembers(this.#db, conversationId);
  }

  async changeRole(actorId: string, conversationId: string, targetId: string, role: Role): Promise<Member> {
    return this.#change(async (tx, changes) => {
      const conversation = await lockConversation(tx, conversationId);
      const actorRole = await roleIn(tx, conversationId, actorId);
      refuseDm(conversation, actorRole);
      if (!canChangeRoles(actorRole)) throw new RelayError(ErrorCode.forbidden, 'Only admins change roles');
      const current = await roleIn(tx, conversationId, targetId);
      if (!current) throw new RelayError(ErrorCode.notFound, 'This user is not a member');
      if (current === 'admin' && role !== 'admin' && (await isLastAdmin(tx, conversationId))) {
        throw new RelayError(ErrorCode.lastAdmin, 'A group needs an admin: make someone else admin first');
      }
      const [row] = await tx.query<{ user_id: string; username: string; joined_at: Date }>(
        `UPDATE memberships m SET role = $3 FROM users u
         WHERE m.conversation_id = $1 AND m.user_id = $2 AND u.id = m.user_id RETURNING m.user_id, u.username, m.joined_at`,
        [conversationId, targetId, role],
      );
      if (!row) throw new RelayError(ErrorCode.notFound, 'This user is not a member');
      if (current !== role) changes.push({ conversationId, userId: targetId, kind: 'role', role });
      return { userId: row.user_id, username: row.username, role, joinedAt: row.joined_at };
    });
  }

  /** Removing yourself is leaving. Moderators remove members; admins remove anyone. */
  async removeMember(actorId: string, conversationId: string, targetId: string): Promise<void> {
    if (actorId === targetId) return this.leave(actorId, conversationId);
    await this.#change(async (tx, changes) => {
      const conversation = await lockConversation(tx, conversationId);
      const actorRole = await roleIn(tx, conversationId, actorId);
      refuseDm(conversation, actorRole);
      const targetRole = await roleIn(tx, conversationId, targetId);
      if (!canInvite(actorRole)) throw new RelayError(ErrorCode.forbidden, 'Only admins and moderators remove members');
      if (!targetRole) throw new RelayError(ErrorCode.notFound, 'This user is not a member');
      if (!canRemove(actorRole, targetRole)) throw new RelayError(ErrorCode.forbidden, `A ${actorRole} cannot remove a ${targetRole}`);
      await removeMembership(tx, changes, conversationId, targetId, 'removed');
    });
  }

  /** Removes the user (if a member) and keeps them from joining again until unbanned. */
  async ban(actorId: string, conversationId: string, targetId: string): Promise<void> {
    if (actorId === targetId) throw new RelayError(ErrorCode.forbidden, 'You cannot ban yourself');
    await this.#change(async (tx, changes) => {
      const conversation = await lockConversation(tx, conversationId);
      const actorRole = await roleIn(tx, conversationId, actorId);
      refuseDm(conversation, actorRole);
      if (!canInvite(actorRole)) throw new RelayError(ErrorCode.forbidden, 'Only admins and moderators ban');
      const [target] = await tx.query('SELECT 1 FROM users WHERE id = $1', [targetId]);
      if (!target) throw new RelayError(ErrorCode.notFound, 'No such user');
      const targetRole = await roleIn(tx, conversationId, targetId);
      if (!canRemove(actorRole, targetRole)) throw new RelayError(ErrorCode.forbidden, `A ${actorRole} cannot ban a ${targetRole}`);
      await tx.query('INSERT INTO bans (conversation_id, user_id, banned_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        conversationId,
        targetId,
        actorId,
      ]);
      await tx.query('DELETE FROM memberships WHERE conversation_id = $1 AND user_id = $2', [conversationId, targetId]);
      changes.push({ conversationId, userId: targetId, kind: 'banned', role: null });
    });
  }

  async unban(actorId: string, conversationId: string, targetId: string): Promise<void> {
    await getConversation(this.#db, conversationId);
    if (!canInvite(await roleIn(this.#db, conversationId, actorId)))
      throw new RelayError(ErrorCode.forbidden, 'Only admins and moderators lift bans');
    const rows = await this.#db.query('DELETE FROM bans WHERE conversation_id = $1 AND user_id = $2 RETURNING 1', [
      conversationId,
      targetId,
    ]);
    if (rows.length === 0) throw new RelayError(ErrorCode.notFound, 'This user is not banned');
  }

  async bans(actorId: string, conversationId: string): Promise<Ban[]> {
    await getConversation(this.#db, conversationId);
    if (!canInvite(await roleIn(this.#db, conversationId, actorId)))
      throw new RelayError(ErrorCode.forbidden, 'Only admins and moderators see bans');
    const rows = await this.#db.query<{ user_id: string; username: string; banned_by: string; created_at: Date }>(
      `SELECT b.user_id, u.username, b.banned_by, b.created_at FROM bans b JOIN users u ON u.id = b.user_id
       WHERE b.conversation_id = $1 ORDER BY b.created_at DESC`,
      [conversationId],
    );
    return rows.map((row) => ({ userId: row.user_id, username: row.username, bannedBy: row.banned_by, createdAt: row.created_at }));
  }

  /** The user's role, or null when they are not a member (banned users are not members). */
  roleOf(conversationId: string, userId: string): Promise<Role | null> {
    return roleIn(this.#db, conversationId, userId);
  }

  async membersOf(conversationId: string): Promise<Array<{ userId: string; username: string; role: Role }>> {
    const members = await listMembers(this.#db, conversationId);
    return members.map(({ userId, username, role }) => ({ userId, username, role }));
  }

  /** Kind, name, topic and visibility of a conversation, or null when it does not exist. */
  async describe(
    conversationId: string,
  ): Promise<{ kind: ConversationKind; name: string | null; topic: string; visibility: Visibility } | null> {
    const [row] = await this.#db.query<{ kind: ConversationKind; name: string | null; topic: string; visibility: Visibility }>(
      'SELECT kind, name, topic, visibility FROM conversations WHERE id = $1',
      [conversationId],
    );
    return row ?? null;
  }

  /** Everyone sharing at least one conversation with `userId`, without `userId` itself. */
  async contactsOf(userId: string): Promise<string[]> {
    const rows = await this.#db.query<{ user_id: string }>(
      `SELECT DISTINCT o.user_id FROM memberships m JOIN memberships o ON o.conversation_id = m.conversation_id
       WHERE m.user_id = $1 AND o.user_id <> $1 ORDER BY o.user_id`,
      [userId],
    );
    return rows.map((row) => row.user_id);
  }

  /** Runs `fn` in a transaction and publishes the changes it made once it committed. */
  async #change<T>(fn: (tx: SqlQueryable, changes: ConversationChange[]) => Promise<T>): Promise<T> {
    const changes: ConversationChange[] = [];
    const result = await this.#db.transaction((tx) => fn(tx, changes));
    this.#events.emit(changes);
    return result;
  }

  async #summary(db: SqlQueryable, conversationId: string, userId: string): Promise<ConversationSummary> {
    const [row] = await db.query<SummaryRow>(SUMMARY_SQL, [userId, conversationId]);
    if (!row) throw notFound();
    return toSummary(row);
  }
}

async function getConversation(db: SqlQueryable, conversationId: string): Promise<ConversationRow> {
  const [row] = await db.query<ConversationRow>('SELECT id, kind, visibility FROM conversations WHERE id = $1', [conversationId]);
  if (!row) throw notFound();
  return row;
}

async function lockConversation(tx: SqlQueryable, conversationId: string): Promise<ConversationRow> {
  const [row] = await tx.query<ConversationRow>('SELECT id, kind, visibility FROM conversations WHERE id = $1 FOR UPDATE', [
    conversationId,
  ]);
  if (!row) throw notFound();
  return row;
}

async function roleIn(db: SqlQueryable, conversationId: string, userId: string): Promise<Role | null> {
  const [row] = await db.query<{ role: Role }>('SELECT role FROM memberships WHERE conversation_id = $1 AND user_id = $2', [
    conversationId,
    userId,
  ]);
  return row?.role ?? null;
}

async function isBanned(db: SqlQueryable, conversationId: string, userId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM bans WHERE conversation_id = $1 AND user_id = $2', [conversationId, userId]);
  return rows.length > 0;
}

async function memberCount(db: SqlQueryable, conversationId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM memberships WHERE conversation_id = $1', [conversationId]);
  return Number(row?.n ?? 0);
}

async function isLastAdmin(db: SqlQueryable, conversationId: string): Promise<boolean> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM memberships WHERE conversation_id = $1 AND role = 'admin'`, [
    conversationId,
  ]);
  return Number(row?.n ?? 0) <= 1;
}

/** Whoever joins an empty group becomes its admin, so no group is left without one. */
async function firstMemberRole(db: SqlQueryable, conversationId: string): Promise<Role> {
  return (await memberCount(db, conversationId)) === 0 ? 'admin' : 'member';
}

async function addMember(
  tx: SqlQueryable,
  changes: ConversationChange[],
  conversationId: string,
  userId: string,
  role: Role,
): Promise<Date> {
  const [row] = await tx.query<{ joined_at: Date }>(
    'INSERT INTO memberships (conversation_id, user_id, role) VALUES ($1, $2, $3) RETURNING joined_at',
    [conversationId, userId, role],
  );
  changes.push({ conversationId, userId, kind: 'joined', role });
  return row!.joined_at;
}

async function removeMembership(
  tx: SqlQueryable,
  changes: ConversationChange[],
  conversationId: string,
  userId: string,
  kind: 'left' | 'removed',
): Promise<void> {
  await tx.query('DELETE FROM memberships WHERE conversation_id = $1 AND user_id = $2', [conversationId, userId]);
  changes.push({ conversationId, userId, kind, role: null });
}

async function listMembers(db: SqlQueryable, conversationId: string): Promise<Member[]> {
  const rows = await db.query<{ user_id: string; username: string; role: Role; joined_at: Date }>(
    `SELECT m.user_id, u.username, m.role, m.joined_at FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.conversation_id = $1 ORDER BY lower(u.username)`,
    [conversationId],
  );
  return rows
    .map((row) => ({ userId: row.user_id, username: row.username, role: row.role, joinedAt: row.joined_at }))
    .sort((a, b) => byRank(a.role, b.role));
}
