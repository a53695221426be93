// Starts a real relay (HTTP + WebSocket + database) in this process on a free port.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { openStore } from '../../persistence/open-store.ts';
import type { UpdateStore } from '../../persistence/update-store.ts';
import { parseConfig, type Config } from '../../relay/config.ts';
import { createHttpServer } from '../../relay/http/server.ts';
import { SyncService } from '../../relay/sync/sync-service.ts';
import { freshDatabase, type TestDatabase } from './database.ts';

export interface TestRelay {
  port: number;
  httpUrl: string;
  /** Base for y-websocket providers: `${wsUrl}` + '/<doc>'. */
  wsUrl: string;
  store: UpdateStore;
  sync: SyncService;
  app: FastifyInstance;
  database: TestDatabase;
  stop(): Promise<void>;
}

export interface StartOptions {
  database?: TestDatabase;
  /** Wraps the real store, e.g. to hold commits back or make them fail. */
  wrapStore?: (store: UpdateStore) => UpdateStore;
}

export async function startRelay(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestRelay> {
  const database = options.database;
  const db = database ?? (await freshDatabase());
  const config: Config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl,
    STATIC_DIR: '/nonexistent',
    ...env,
  });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const opened = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const store = options.wrapStore ? options.wrapStore(opened.store) : opened.store;
  const sync = new SyncService(store, config, log);
  const app = await createHttpServer({ log, store, sync, staticDir: config.STATIC_DIR });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('relay did not bind');
  const port = address.port;
  let stopped = false;
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    store,
    sync,
    app,
    database: db,
    async stop() {
      if (stopped) return;
      stopped = true;
      await sync.shutdown(5_000);
      await app.close();
      await store.close();
      if (!database) await db.cleanup();
    },
  };
}
