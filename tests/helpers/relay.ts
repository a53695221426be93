// Starts a real relay (HTTP + WebSocket + database) in this process on a free port, wired by the
// same createRelay as production.
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { UpdateStore } from '../../persistence/update-store.ts';
import type { AccountService } from '../../relay/auth/account-service.ts';
import type { TokenService } from '../../relay/auth/tokens.ts';
import { parseConfig, type Config } from '../../relay/config.ts';
import type { ConversationService } from '../../relay/conversations/conversation-service.ts';
import { createRelay, type Relay } from '../../relay/create-relay.ts';
import type { SyncService } from '../../relay/sync/sync-service.ts';
import { freshDatabase, type TestDatabase } from './database.ts';

export interface TestRelay {
  port: number;
  httpUrl: string;
  /** Base for y-websocket providers: `${wsUrl}` + '/<doc>'. */
  wsUrl: string;
  config: Config;
  store: UpdateStore;
  sync: SyncService;
  accounts: AccountService;
  conversations: ConversationService;
  presence: Relay['presence'];
  media: Relay['media'];
  searchIndexer: Relay['searchIndexer'];
  tokens: TokenService;
  app: FastifyInstance;
  database: TestDatabase;
  stop(): Promise<void>;
}

export interface StartOptions {
  database?: TestDatabase;
  /** Wraps the real store, e.g. to hold commits back or make them fail. */
  wrapStore?: (store: UpdateStore) => UpdateStore;
  /** Where the relay logs; by default nowhere (or at TEST_LOG_LEVEL). */
  log?: Logger;
}

// Real argon2id, at a cost that keeps a test run's hundreds of registrations fast.
const TEST_HASH_COST = { memoryKiB: 1024, iterations: 1 };

// Every test talks from 127.0.0.1, so the per-IP limits are raised unless a test sets its own.
const TEST_LIMITS = { API_RATE_LIMIT_PER_MINUTE: '100000', AUTH_RATE_LIMIT_PER_MINUTE: '100000', LOGIN_MAX_FAILURES_PER_IP: '100000' };

export async function startRelay(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestRelay> {
  const database = options.database;
  const db = database ?? (await freshDatabase());
  const config: Config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl,
    STATIC_DIR: '/nonexistent',
    ...TEST_LIMITS,
    ...env,
  });
  const log = options.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const relay = await createRelay(config, log, { wrapStore: options.wrapStore, hashCost: TEST_HASH_COST });
  await relay.app.listen({ port: 0, host: '127.0.0.1' });
  const address = relay.app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('relay did not bind');
  const port = address.port;
  let stopped = false;
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    config,
    store: relay.store,
    sync: relay.sync,
    accounts: relay.accounts,
    conversations: relay.conversations,
    presence: relay.presence,
    media: relay.media,
    searchIndexer: relay.searchIndexer,
    tokens: relay.tokens,
    app: relay.app,
    database: db,
    async stop() {
      if (stopped) return;
      stopped = true;
      await relay.close(5_000);
      if (!database) await db.cleanup();
    },
  };
}
