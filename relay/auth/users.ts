// The users table: accounts, lookup by name (case-insensitive), prefix search, last seen.
import type { SqlQueryable } from '../../persistence/sql-client.ts';

export interface User {
  id: string;
  username: string;
  createdAt: Date;
}

type UserRow = {
  id: string;
  username: string;
  created_at: Date;
};

const toUser = (row: UserRow): User => ({ id: row.id, username: row.username, createdAt: row.created_at });

/** Returns null when the name is taken (in any letter case). */
export async function insertUser(db: SqlQueryable, user: { id: string; username: string; passwordHash: string }): Promise<User | null> {
  const rows = await db.query<UserRow>(
    `INSERT INTO users (id, username, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING id, username, created_at`,
    [user.id, user.username, user.passwordHash],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

export async function userByName(db: SqlQueryable, username: string): Promise<(User & { passwordHash: string }) | null> {
  const [row] = await db.query<UserRow & { password_hash: string }>(
    'SELECT id, username, created_at, password_hash FROM users WHERE lower(username) = lower($1) AND deleted_at IS NULL',
    [username],
  );
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

export async function setPasswordHash(db: SqlQueryable, userId: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
}

export async function userById(db: SqlQueryable, id: string): Promise<User | null> {
  const [row] = await db.query<UserRow>('SELECT id, username, created_at FROM users WHERE id = $1', [id]);
  return row ? toUser(row) : null;
}

/** Users whose name starts with `prefix` (any case), shortest names first. */
export async function searchUsers(db: SqlQueryable, prefix: string, limit: number): Promise<User[]> {
  const pattern = `${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.query<UserRow>(
    `SELECT id, username, created_at FROM users WHERE lower(username) LIKE $1 AND deleted_at IS NULL
     ORDER BY length(username), lower(username) LIMIT $2`,
    [pattern, limit],
  );
  return rows.map(toUser);
}

/**
 * Deletes an account: its name is freed (the row is renamed after its id, which old messages and
 * the conversations it made still point at), its password is gone, and lookups by name skip it.
 */
export async function markDeleted(db: SqlQueryable, userId: string): Promise<void> {
  await db.query(`UPDATE users SET username = 'deleted-' || id, password_hash = '', deleted_at = now() WHERE id = $1`, [userId]);
}

/** Moves last_seen_at forward only, so a late write from a slower relay cannot move it back. */
export async function setLastSeen(db: SqlQueryable, userId: string, at: Date): Promise<void> {
  await db.query('UPDATE users SET last_seen_at = $2 WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < $2)', [userId, at]);
}

/** Every known user among `userIds`, with when they were last seen (null: never). */
export async function lastSeen(db: SqlQueryable, userIds: readonly string[]): Promise<Map<string, Date | null>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.query<{ id: string; last_seen_at: Date | null }>('SELECT id, last_seen_at FROM users WHERE id = ANY($1::text[])', [
    [...userIds],
  ]);
  return new Map(rows.map((row) => [row.id, row.last_seen_at]));
}
