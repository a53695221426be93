// Runs the relay as a child process exactly as `npm run serve` starts it (the node arguments of
// package.json's serve script), for crash, shutdown and start-up tests and for the benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT, serveArgs } from '../../scripts/serve-args.ts';

export interface RelayProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  httpUrl: string;
  /** What the app's sync client takes as `relayUrl` (it adds `/sync/<doc>` itself). */
  relayUrl: string;
  /** Base for y-websocket providers: `${wsUrl}` + '/<doc>'. */
  wsUrl: string;
  /** Log lines (parsed JSON) the relay printed so far. */
  logs: Record<string, unknown>[];
  /** Every line on stdout so far, JSON or not (the demo's banner is not). */
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, resolved once the relay has exited. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** The checkout to run, its serve script and code: another worktree, to compare two versions. */
  root?: string;
  /** Give up (and SIGTERM the relay) if it is not listening by then; default: wait as long as the caller does. */
  startTimeoutMs?: number;
}

/** Starts the relay with `env` on top of test defaults and `args` after the serve script's own. */
export async function spawnRelay(
  env: Record<string, string | undefined>,
  args: readonly string[] = [],
  options: SpawnOptions = {},
): Promise<RelayProcess> {
  const root = options.root ?? ROOT;
  const child = spawn(process.execPath, [...serveArgs(root), ...args], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STATIC_DIR: '/nonexistent', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timer: NodeJS.Timeout | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    if (options.startTimeoutMs !== undefined) {
      const ms = options.startTimeoutMs;
      timer = setTimeout(() => {
        child.kill('SIGTERM');
        reject(new Error(`the relay did not start within ${ms / 1000} s`));
      }, ms);
    }
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (typeof entry.port === 'number' && String(entry.msg).includes('listening')) resolve(entry.port);
    });
    void exited.then(({ code, signal }) => reject(new Error(`relay exited early (${code ?? signal}): ${stderr}`)));
  }).finally(() => clearTimeout(timer));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const relayUrl = `ws://127.0.0.1:${port}`;
  return {
    child,
    pid: child.pid!,
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    relayUrl,
    wsUrl: `${relayUrl}/sync`,
    logs,
    output,
    exited,
    stop,
  };
}
