// relay/README.md is the newcomer's map: it must name every module of relay/ and protocol/, every
// close code and every denial code, so a module or code added without a line there fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/close-codes.ts';
import { DENIALS } from '../protocol/denials.ts';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(import.meta.dirname, 'README.md'), 'utf8');

function modules(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => relative(dir, join(dir, file)))
    .sort();
}

describe('relay/README.md', () => {
  it('names every module of relay/', () => {
    const missing = modules(join(root, 'relay')).filter((file) => !readme.includes(`\`${file}\``));
    expect(missing).toEqual([]);
  });
  it('names every module of protocol/', () => {
    const missing = modules(join(root, 'protocol')).filter((file) => !readme.includes(`\`protocol/${file}\``));
    expect(missing).toEqual([]);
  });
  it('has a row for every close code', () => {
    const missing = Object.values(CloseCode).filter((code) => !new RegExp(`^\\| ${code} \\|`, 'm').test(readme));
    expect(missing).toEqual([]);
  });
  it('names every denial code', () => {
    const missing = Object.keys(DENIALS).filter((code) => !readme.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
