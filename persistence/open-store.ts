import { join } from 'node:path';
import { migrate } from './migrate.ts';
import { openPGlite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { SqlClient } from './sql-client.ts';
import { sqlUpdateStore, type UpdateStore } from './update-store.ts';

export interface StoreOptions {
  /** Postgres connection string; without one, embedded PGlite under `dataDir` is used. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export interface OpenedStore {
  store: UpdateStore;
  /** The same connection(s), for the relay's other tables; closed by `store.close()`. */
  db: SqlClient;
  kind: 'postgres' | 'pglite';
}

/** Opens the configured database and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<OpenedStore> {
  const kind = options.databaseUrl ? 'postgres' : 'pglite';
  const db = options.databaseUrl ? openPostgres(options.databaseUrl) : await openPGlite(join(options.dataDir, 'pglite'));
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { store: sqlUpdateStore(db), db, kind };
}
