import pg from 'pg';
import type { Row, SqlClient, SqlQueryable } from './sql-client.ts';

// bigint columns (seq) come back as strings by default; they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export function openPostgres(connectionString: string, maxConnections = 10): SqlClient {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  // An idle client that loses its server emits 'error' on the pool; without a listener Node exits.
  pool.on('error', () => undefined);

  const queryable = (client: pg.Pool | pg.PoolClient): SqlQueryable => ({
    async query<R extends Row>(text: string, params: unknown[] = [], name?: string) {
      const result = await client.query(name ? { name, text, values: params } : { text, values: params });
      return result.rows as R[];
    },
    async exec(script: string) {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await client.query(script);
    },
  });

  return {
    ...queryable(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
