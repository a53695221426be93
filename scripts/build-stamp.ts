// What `npm run build` reads, and whether the app in build/ was built from exactly that: `npm start`
// skips the build (most of its wait) when none of it changed (scripts/build-if-changed.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * The files and folders the build reads: the app, the code it imports (package.json's #imports),
 * the build's configuration, the installed dependencies and the bundle budget check.
 */
export const BUILD_INPUTS = [
  'app',
  'model',
  'protocol',
  'sync-client',
  'svelte.config.js',
  'vite.config.ts',
  'tsconfig.json',
  'tsconfig.app.json',
  'tsconfig.sw.json',
  'package.json',
  'package-lock.json',
  'scripts/bundle-size.mjs',
];

/** The built app; without it there is nothing to reuse. */
export const BUILD_OUTPUT = 'build/index.html';

/**
 * The hash of the inputs the app in build/ was built from. It lives inside the output: a plain
 * `npm run build` empties build/, so its output is never taken for the stamped one.
 */
export const STAMP_FILE = 'build/.input-hash';

/** Every file under the inputs, relative to `root` with / separators, sorted; missing inputs are skipped. */
export function inputFiles(root: string, inputs: readonly string[] = BUILD_INPUTS): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    if (!statSync(path).isDirectory()) {
      files.push(input);
      continue;
    }
    for (const entry of readdirSync(path, { recursive: true, encoding: 'utf8' })) {
      if (statSync(join(path, entry)).isFile()) files.push(`${input}/${entry.split(sep).join('/')}`);
    }
  }
  return files.sort();
}

/** sha256 over each input file's path and bytes, in path order: equal for the same sources, on any disk. */
export function inputHash(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  const hash = createHash('sha256');
  for (const file of inputFiles(root, inputs)) {
    const content = readFileSync(join(root, file));
    // Lengths first, so no two different sets of files feed the hash the same bytes.
    hash.update(`${file.length}:${file}:${content.length}:`);
    hash.update(content);
  }
  return hash.digest('hex');
}

export interface BuildState {
  /** The hash stored with the build in build/, if there is one. */
  builtFrom: string | undefined;
  /** The hash of the sources as they are now. */
  current: string;
  outputExists: boolean;
}

/** True when build/ holds a build of exactly the current sources. */
export function canReuseBuild({ builtFrom, current, outputExists }: BuildState): boolean {
  return outputExists && builtFrom === current;
}

/** Reads build/'s state under `root`, hashing the sources. */
export function buildState(root: string): BuildState {
  const stamp = join(root, STAMP_FILE);
  return {
    builtFrom: existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : undefined,
    current: inputHash(root),
    outputExists: existsSync(join(root, BUILD_OUTPUT)),
  };
}
