// The document store: an append-only Yjs update log per document plus one compacted snapshot.
import type { SqlClient } from './sql-client.ts';

export interface AppendEntry {
  doc: string;
  data: Uint8Array;
}

export interface LoadedDoc {
  /** Snapshot first (if any), then every later update in seq order. */
  updates: Uint8Array[];
  /** Highest seq stored for the document (0 when it has never been written). */
  headSeq: number;
  /** Updates stored after the snapshot: what compaction would fold. */
  updatesSinceSnapshot: number;
  bytesSinceSnapshot: number;
}

export interface UpdateStore {
  load(doc: string): Promise<LoadedDoc>;
  /**
   * Stores a batch (updates of many documents) in ONE transaction: either all rows are committed
   * or none. Resolves with the new head seq of every document in the batch.
   */
  append(entries: readonly AppendEntry[]): Promise<Map<string, number>>;
  /**
   * Replaces the snapshot with `snapshot`, which must contain every update with seq <= `uptoSeq`,
   * and deletes those updates, in one transaction. Updates appended meanwhile (seq > uptoSeq) stay.
   * Returns false when another process is compacting the same document right now.
   */
  compact(doc: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Closes the database; later calls return the same promise. */
  close(): Promise<void>;
}

// Each row gets seq = new head - rows of its doc in this batch + its position among them; the
// upsert's row lock on `docs` makes seq order equal commit order across relays.
// The updates travel as ONE binary bytea (their concatenation) plus their lengths: an array of
// bytea would be hex-encoded as text by the driver and parsed back by the server.
const APPEND_SQL = `
  WITH input AS (
    SELECT doc, len, ord, sum(len) OVER (ORDER BY ord) - len AS off
    FROM unnest($1::text[], $3::int[]) WITH ORDINALITY AS i(doc, len, ord)
  ),
  batch AS (SELECT doc, ord, substring($2::bytea FROM (off + 1)::int FOR len) AS data FROM input),
  counts AS (SELECT doc, count(*) AS n FROM batch GROUP BY doc),
  heads AS (
    INSERT INTO docs AS d (name, head_seq) SELECT doc, n FROM counts
    ON CONFLICT (name) DO UPDATE SET head_seq = d.head_seq + excluded.head_seq
    RETURNING d.name, d.head_seq
  ),
  inserted AS (
    INSERT INTO doc_updates (doc, seq, data)
    SELECT b.doc, h.head_seq - c.n + row_number() OVER (PARTITION BY b.doc ORDER BY b.ord), b.data
    FROM batch b JOIN counts c ON c.doc = b.doc JOIN heads h ON h.name = b.doc
    RETURNING doc, seq
  )
  SELECT doc, max(seq) AS seq FROM inserted GROUP BY doc`;

export function sqlUpdateStore(db: SqlClient): UpdateStore {
  let closing: Promise<void> | null = null;
  return {
    async load(doc) {
      // One statement, so the snapshot and the updates after it come from one consistent view.
      const rows = await db.query<{ kind: number; seq: number; data: Uint8Array; head: number | null }>(
        `SELECT 0 AS kind, s.seq, s.data, NULL::bigint AS head FROM doc_snapshots s WHERE s.doc = $1
         UNION ALL
         SELECT 1 AS kind, u.seq, u.data, NULL FROM doc_updates u
           WHERE u.doc = $1 AND u.seq > COALESCE((SELECT seq FROM doc_snapshots WHERE doc = $1), 0)
         UNION ALL
         SELECT 2 AS kind, d.head_seq, ''::bytea, d.head_seq FROM docs d WHERE d.name = $1
         ORDER BY kind, seq`,
        [doc],
      );
      const loaded: LoadedDoc = { updates: [], headSeq: 0, updatesSinceSnapshot: 0, bytesSinceSnapshot: 0 };
      for (const row of rows) {
        if (row.kind === 2) {
          loaded.headSeq = Number(row.head);
          continue;
        }
        loaded.updates.push(row.data);
        if (row.kind === 1) {
          loaded.updatesSinceSnapshot++;
          loaded.bytesSinceSnapshot += row.data.byteLength;
        }
      }
      return loaded;
    },

    async append(entries) {
      const heads = new Map<string, number>();
      if (entries.length === 0) return heads;
      // One statement with array parameters: the same SQL text for every batch size, so the
      // server can reuse its plan (a named prepared statement on Postgres).
      const blob = Buffer.concat(entries.map((e) => e.data));
      const params = [entries.map((e) => e.doc), blob, entries.map((e) => e.data.byteLength)];
      const rows = await db.query<{ doc: string; seq: number }>(APPEND_SQL, params, 'parley_append');
      for (const row of rows) heads.set(row.doc, Number(row.seq));
      return heads;
    },

    compact(doc, snapshot, uptoSeq) {
      return db.transaction(async (tx) => {
        const [lock] = await tx.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_xact_lock(hashtext('parley.compact'), hashtext($1)) AS locked`,
          [doc],
        );
        if (!lock?.locked) return false;
        await tx.query(
          `INSERT INTO doc_snapshots (doc, seq, data) VALUES ($1, $2, $3)
           ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, data = excluded.data, updated_at = now()
           WHERE doc_snapshots.seq < excluded.seq`,
          [doc, uptoSeq, snapshot],
        );
        await tx.query('DELETE FROM doc_updates WHERE doc = $1 AND seq <= $2', [doc, uptoSeq]);
        return true;
      });
    },

    async ping() {
      await db.query('SELECT 1');
    },

    close() {
      closing ??= db.close();
      return closing;
    },
  };
}
