// Before a measured harness run, the relay's one-off start-up costs are paid by an unmeasured
// start, so the measured relay is the one a restarted production relay would be.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT, serveArgs } from '../scripts/serve-args.ts';
import { track } from './interrupt.ts';

const RELAY_ARGS = serveArgs();

/**
 * When tsx has to transform a file (its cache misses, e.g. after an edit), it keeps an
 * `esbuild --service` child alive for the relay's lifetime, and the harness's --spawn mode then
 * measures that child (the "largest process under" the spawned PID) instead of the relay. Loading
 * the relay's module graph once beforehand fills tsx's cache: with an invalid PORT, relay/main.ts
 * fails in parseConfig() right after all its static imports were transformed, before opening any
 * store or port.
 */
export function prewarmTsx(): void {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'invalid-bench-prewarm', DATABASE_URL: '', LOG_LEVEL: 'silent' };
  spawnSync(process.execPath, RELAY_ARGS, { cwd: ROOT, env, stdio: 'ignore', timeout: 60_000 });
}

/**
 * A relay's first start on an empty PGlite directory runs initdb inside the process: ~8 s of CPU
 * and ~880 MB RSS that stay with it (a later start on the same directory settles near 400 MB).
 * That would dominate the RSS figures and make C's "RSS before" baseline drift (it fell by 340 MB
 * while connecting in one run). So by default the fresh DATA_DIR is initialised by one unmeasured
 * relay start (initdb + migrations; stopped with SIGTERM once listening), and the measured relay
 * opens an existing, empty database, as a restarted production relay would.
 */
export async function initPglite(dataDir: string): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    STATIC_DIR: '/nonexistent',
  };
  const child = spawn(process.execPath, RELAY_ARGS, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const output: string[] = [];
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  const listening = await new Promise<boolean>((resolveListening) => {
    const timer = setTimeout(() => resolveListening(false), 90_000);
    const onLine = (line: string): void => {
      output.push(line);
      if (line.includes('Parley relay listening')) {
        clearTimeout(timer);
        resolveListening(true);
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then(() => {
      clearTimeout(timer);
      resolveListening(false);
    });
  });
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(kill);
  track(undefined);
  if (!listening)
    throw new Error(`initialising the PGlite DATA_DIR failed: the relay did not start (${output.slice(-3).join(' | ').slice(0, 400)})`);
}
