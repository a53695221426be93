// Entry point: `node --import tsx relay/main.ts`. Configuration comes from the environment.
import { parseConfig } from './config.ts';
import { createRelay } from './create-relay.ts';
import { createLogger } from './log.ts';

const config = parseConfig();
const log = createLogger(config.LOG_LEVEL);

const relay = await createRelay(config, log);
await relay.app.listen({ port: config.PORT, host: config.HOST });
const address = relay.app.server.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
log.info({ port, database: relay.database, dataDir: relay.database === 'pglite' ? config.DATA_DIR : undefined }, `Parley relay listening on http://localhost:${port}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  await relay.close(config.SHUTDOWN_TIMEOUT_MS);
  log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
