// `npm start`'s build step: runs `npm run build` only when build/ does not already hold a build of
// the current sources (build-stamp.ts), and keeps the build's list of chunks off the terminal
// unless it fails. Warnings (stderr) still show. `npm run build` itself always builds.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildState, canReuseBuild, STAMP_FILE } from './build-stamp.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const state = buildState(root);
if (canReuseBuild(state)) {
  console.log('The app is unchanged since its last build: serving build/ as it is (`npm run build` rebuilds it).');
  process.exit(0);
}

console.log('Building the app into build/ (about 15 s; later starts reuse it until a source changes)...');
const started = performance.now();
const build = spawn('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const output: Buffer[] = [];
build.stdout.on('data', (chunk: Buffer) => output.push(chunk));
const code = await new Promise<number>((resolve) => build.on('close', (exitCode) => resolve(exitCode ?? 1)));
if (code !== 0) {
  process.stdout.write(Buffer.concat(output));
  console.error(`The build failed (exit code ${code}); the app was not started.`);
  process.exit(code);
}
// The hash of the sources as they were when the build started: a file changed since then makes
// the next start build again rather than serve what may predate it.
writeFileSync(join(root, STAMP_FILE), `${state.current}\n`);
console.log(`Built the app in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
