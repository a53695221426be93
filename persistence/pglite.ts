import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Row, SqlClient, SqlQueryable } from './sql-client.ts';

/** Embedded Postgres (WASM) keeping its files under `dataDir`; one connection, so calls queue. */
export async function openPGlite(dataDir: string): Promise<SqlClient> {
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, {
    // bigint seq columns as JS numbers, like the pg driver is configured to return them.
    parsers: { 20: (value: string) => Number(value) },
  });

  const queryable = (target: Pick<PGlite, 'query' | 'exec'>): SqlQueryable => ({
    async query<R extends Row>(text: string, params: unknown[] = []) {
      const result = await target.query<R>(text, params);
      return result.rows;
    },
    async exec(script: string) {
      await target.exec(script);
    },
  });

  return {
    ...queryable(db),
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    close: () => db.close(),
  };
}
