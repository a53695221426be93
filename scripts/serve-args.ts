// The relay's node arguments exactly as `npm run serve` (and so `npm start`) runs it, for the
// tests, the e2e suite and the benchmarks that start it as a child process.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `npm run serve -- <args>` appends to these; `root` is another checkout's, to compare versions. */
export function serveArgs(root = ROOT): string[] {
  const serve = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: { serve: string } }).scripts.serve;
  const [command, ...args] = serve.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`package.json's serve script should start with node: ${serve}`);
  return args;
}
