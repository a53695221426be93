// Test databases: a fresh Postgres database per caller when DATABASE_URL is set, else a fresh
// PGlite directory. Both are removed again by the returned cleanup.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const POSTGRES_URL = process.env.DATABASE_URL || undefined;
export const BACKEND: 'postgres' | 'pglite' = POSTGRES_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  /** Connection string of a fresh, empty Postgres database (Postgres backend only). */
  databaseUrl: string | undefined;
  /** A fresh directory usable as DATA_DIR. */
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * `adminUrl` is the Postgres server's connection string (default DATABASE_URL); `prefix` names
 * the database, so the bench's are told apart from the tests'.
 */
export async function freshDatabase(
  backend = BACKEND,
  { adminUrl = POSTGRES_URL, prefix = 'parley_test' }: { adminUrl?: string; prefix?: string } = {},
): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), `${prefix.replaceAll('_', '-')}-`));
  if (backend === 'pglite') {
    return { databaseUrl: undefined, dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  if (!adminUrl) throw new Error('DATABASE_URL must be set for Postgres tests');
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    async cleanup() {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
