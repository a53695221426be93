// The small SQL surface both database drivers implement, so queries and migrations are written once.

export type Row = Record<string, unknown>;

export interface SqlQueryable {
  /** `name` marks a hot statement worth preparing once per connection (where the driver can). */
  query<R extends Row = Row>(text: string, params?: unknown[], name?: string): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlClient extends SqlQueryable {
  /** Runs `fn` inside BEGIN/COMMIT on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
