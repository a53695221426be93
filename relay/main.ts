// Entry point: `node --import tsx relay/main.ts`. Configuration comes from the environment.
import { openStore } from '../persistence/open-store.ts';
import { parseConfig } from './config.ts';
import { createHttpServer } from './http/server.ts';
import { createLogger } from './log.ts';
import { SyncService } from './sync/sync-service.ts';

const config = parseConfig();
const log = createLogger(config.LOG_LEVEL);

const { store, kind } = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
const sync = new SyncService(store, config, log);
const app = await createHttpServer({ log, store, sync, staticDir: config.STATIC_DIR });
await app.listen({ port: config.PORT, host: config.HOST });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
log.info({ port, database: kind, dataDir: kind === 'pglite' ? config.DATA_DIR : undefined }, `Parley relay listening on http://localhost:${port}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  await sync.shutdown(config.SHUTDOWN_TIMEOUT_MS);
  await app.close();
  await store.close();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
