// Runs the relay as a child process exactly as `npm run serve` starts it (the node arguments of
// package.json's serve script), for crash, shutdown and start-up tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT, serveArgs } from '../../scripts/serve-args.ts';


export interface RelayProcess {
  child: ChildProcess;
  port: number;
  wsUrl: string;
  /** Log lines (parsed JSON) the relay printed so far. */
  logs: Record<string, unknown>[];
  /** Every line on stdout so far, JSON or not (the demo's banner is not). */
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the relay with `env` on top of test defaults and `args` after the serve script's own. */
export async function spawnRelay(env: Record<string, string | undefined>, args: readonly string[] = []): Promise<RelayProcess> {
  const child = spawn(process.execPath, [...serveArgs(), ...args], {
    cwd: ROOT,
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
  const port = await new Promise<number>((resolve, reject) => {
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
  });
  return { child, port, wsUrl: `ws://127.0.0.1:${port}/sync`, logs, output, exited };
}
