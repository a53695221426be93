import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_FILE, loadSigningKey } from './signing-keys.ts';

const log = pino({ level: 'silent' });
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-keys-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('signing keys', () => {
  it('generates 32 random bytes into a 0600 file on first start and reads the same key later', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const first = await loadSigningKey({ DATA_DIR: dataDir, JWT_SECRET: undefined }, log);
    expect(first.byteLength).toBe(32);
    expect((await stat(join(dataDir, KEY_FILE))).mode & 0o777).toBe(0o600);
    const second = await loadSigningKey({ DATA_DIR: dataDir, JWT_SECRET: undefined }, log);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('uses JWT_SECRET when set and writes no file', async () => {
    const key = await loadSigningKey({ DATA_DIR: dir, JWT_SECRET: 'x'.repeat(40) }, log);
    expect(new TextDecoder().decode(key)).toBe('x'.repeat(40));
    await expect(readFile(join(dir, KEY_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a key file holding too short a key', async () => {
    await writeFile(join(dir, KEY_FILE), 'c2hvcnQ\n', { mode: 0o600 });
    await expect(loadSigningKey({ DATA_DIR: dir, JWT_SECRET: undefined }, log)).rejects.toThrow(/fewer than 32 bytes/);
  });
});
