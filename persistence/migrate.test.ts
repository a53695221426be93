import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../tests/helpers/database.ts';
import { migrate, readMigrations } from './migrate.ts';
import { openPGlite } from './pglite.ts';

let db: TestDatabase | undefined;
afterEach(async () => db?.cleanup());

describe('migrations', () => {
  it('R-MIG-1: migration files are numbered without gaps or duplicates', async () => {
    const versions = (await readMigrations()).map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });

  it('R-MIG-2: running migrations twice applies each one once', async () => {
    db = await freshDatabase('pglite');
    const client = await openPGlite(db.dataDir);
    const first = await migrate(client);
    expect(first.length).toBeGreaterThan(0);
    expect(await migrate(client)).toEqual([]);
    const rows = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(first);
    await client.close();
  });

  it('R-MIG-3: a failing migration leaves no partial schema behind', async () => {
    db = await freshDatabase('pglite');
    const client = await openPGlite(db.dataDir);
    const broken = [{ version: 1, name: '001_broken', sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;' }];
    await expect(migrate(client, broken)).rejects.toThrow(/no_such_table/);
    const tables = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_name IN ('half_done', 'schema_migrations')`);
    expect(tables).toHaveLength(0);
    await client.close();
  });
});
