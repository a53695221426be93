import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_INPUTS, buildState, canReuseBuild, inputFiles, inputHash, STAMP_FILE } from './build-stamp.ts';

let root: string;
const write = (file: string, content: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), content);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'parley-stamp-'));
  write('app/src/routes/+page.svelte', '<h1>Parley</h1>');
  write('app/static/favicon.svg', '<svg/>');
  write('model/messages.ts', 'export const x = 1;');
  write('package.json', '{}');
  write('package-lock.json', '{}');
  write('relay/main.ts', 'console.log(1);');
  write('tests/a.test.ts', '');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the build stamp', () => {
  it('lists the files the build reads, sorted, and not the relay or the tests', () => {
    expect(inputFiles(root)).toEqual([
      'app/src/routes/+page.svelte',
      'app/static/favicon.svg',
      'model/messages.ts',
      'package-lock.json',
      'package.json',
    ]);
  });

  it('gives the same hash for the same sources', () => {
    expect(inputHash(root)).toBe(inputHash(root));
    expect(inputHash(root)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash when a file the build reads is edited, added, renamed or removed', () => {
    const seen = new Set([inputHash(root)]);
    write('app/src/routes/+page.svelte', '<h1>Parley!</h1>');
    seen.add(inputHash(root));
    write('model/reactions.ts', '');
    seen.add(inputHash(root));
    renameSync(join(root, 'model/reactions.ts'), join(root, 'model/reaction.ts'));
    seen.add(inputHash(root));
    rmSync(join(root, 'app/static/favicon.svg'));
    seen.add(inputHash(root));
    write('package-lock.json', '{"lockfileVersion":3}');
    seen.add(inputHash(root));
    expect(seen.size).toBe(6);
  });

  it('keeps the hash when only files the build does not read change', () => {
    const before = inputHash(root);
    write('relay/main.ts', 'console.log(2);');
    write('tests/b.test.ts', '');
    write('README.md', '# Parley');
    expect(inputHash(root)).toBe(before);
  });

  it('reuses build/ only when it exists and was built from the current sources', () => {
    expect(canReuseBuild({ builtFrom: 'abc', current: 'abc', outputExists: true })).toBe(true);
    expect(canReuseBuild({ builtFrom: 'abc', current: 'abd', outputExists: true })).toBe(false);
    expect(canReuseBuild({ builtFrom: undefined, current: 'abc', outputExists: true })).toBe(false);
    expect(canReuseBuild({ builtFrom: 'abc', current: 'abc', outputExists: false })).toBe(false);
  });

  it('reads the stamp stored in build/ and whether the built app is there', () => {
    expect(buildState(root)).toEqual({ builtFrom: undefined, current: inputHash(root), outputExists: false });
    write('build/index.html', '<!doctype html>');
    write(STAMP_FILE, `${inputHash(root)}\n`);
    expect(canReuseBuild(buildState(root))).toBe(true);
    write('model/messages.ts', 'export const x = 2;');
    expect(canReuseBuild(buildState(root))).toBe(false);
  });
});

describe("this repository's build inputs", () => {
  const repo = join(import.meta.dirname, '..');
  const read = (file: string) => readFileSync(join(repo, file), 'utf8');

  it('include every folder the app imports through package.json #imports', () => {
    const { imports } = JSON.parse(read('package.json')) as { imports: Record<string, string> };
    const used = new Set(inputFiles(repo, ['app']).flatMap((file) => [...read(file).matchAll(/['"](#[\w-]+\/\*?)/g)].map((m) => m[1])));
    const folders = Object.entries(imports)
      .filter(([name]) => [...used].some((specifier) => specifier?.startsWith(name.replace('*', ''))))
      .map(([, target]) => target.replace(/^\.\//, '').replace(/\/\*$/, ''));
    expect(folders.length).toBeGreaterThan(0);
    expect(folders.filter((folder) => !BUILD_INPUTS.includes(folder))).toEqual([]);
  });

  it('are what npm start checks before it builds', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe('node --import tsx scripts/build-if-changed.ts && npm run serve --');
    expect(scripts.build).not.toContain('build-if-changed');
  });
});
