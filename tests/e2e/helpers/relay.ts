// A relay child process started exactly as `npm run serve` starts it, on a free port with a fresh
// database (PGlite, or a new Postgres database when DATABASE_URL is set), serving a built app.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from '../../helpers/database.ts';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const STOP_TIMEOUT_MS = 15_000;

/** Limits for the suite's relay, which every test browser reaches from the same address. */
export const SUITE_LIMITS = {
  AUTH_RATE_LIMIT_PER_MINUTE: '10000',
  API_RATE_LIMIT_PER_MINUTE: '100000',
  // Seeds write thousands of messages as one user (helpers/seed.ts): at the default 20 per 10 s,
  // 5,000 would take 40 minutes. No e2e test exercises this limit; tests/ws-limits.test.ts does.
  MESSAGE_RATE_PER_10S: '1000000',
  UPDATE_RATE_PER_10S: '1000000',
  UPDATE_BYTES_PER_10S: '1000000000',
  // Small enough that a test can go over it with a file made in the browser (media.spec.ts).
  MEDIA_MAX_FILE_BYTES: String(2 * 1024 * 1024),
};

export interface E2eRelay {
  url: string;
  pid: number;
  backend: 'postgres' | 'pglite';
  /** SIGTERM by PID (SIGKILL after 15 s), then drops the database. */
  stop(): Promise<void>;
}

export interface RelayOptions {
  staticDir: string;
  logFile: string;
  /** Further configuration for the relay. */
  env?: Record<string, string>;
}

export async function startRelay({ staticDir, logFile, env = {} }: RelayOptions): Promise<E2eRelay> {
  const database = await freshDatabase();
  // `node … relay/main.ts` as package.json's serve script spells it.
  const serve = (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { scripts: { serve: string } }).scripts.serve;
  const [command, ...args] = serve.split(/\s+/);
  if (command !== 'node') throw new Error(`the serve script should start with node: ${serve}`);

  const log = createWriteStream(logFile);
  const relay = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      STATIC_DIR: staticDir,
      DATA_DIR: database.dataDir,
      DATABASE_URL: database.databaseUrl ?? '',
      SHUTDOWN_TIMEOUT_MS: '5000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  relay.stderr.pipe(log);
  const exited = new Promise<string>((resolve) => relay.once('exit', (code, signal) => resolve(String(code ?? signal))));
  const listening = new Promise<number>((resolve, reject) => {
    createInterface({ input: relay.stdout }).on('line', (line) => {
      log.write(`${line}\n`);
      const entry = parseLogLine(line);
      if (typeof entry?.port === 'number' && String(entry.msg).includes('listening')) resolve(entry.port);
    });
    void exited.then((status) => reject(new Error(`the relay exited (${status}) before listening; see ${logFile}`)));
  });

  const stop = async (): Promise<void> => {
    if (relay.exitCode === null && relay.signalCode === null) {
      process.kill(relay.pid!, 'SIGTERM');
      const kill = setTimeout(() => process.kill(relay.pid!, 'SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(kill);
    }
    log.end();
    await database.cleanup();
  };

  try {
    const port = await listening;
    return { url: `http://127.0.0.1:${port}`, pid: relay.pid!, backend: database.databaseUrl ? 'postgres' : 'pglite', stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
