// The secret that signs access tokens: JWT_SECRET when set, else a random one generated on first
// start and kept in DATA_DIR/jwt-secret (mode 0600), so tokens stay valid across restarts.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';

export const KEY_FILE = 'jwt-secret';
const GENERATED_BYTES = 32;

export async function loadSigningKey(config: Pick<Config, 'JWT_SECRET' | 'DATA_DIR'>, log: Logger): Promise<Uint8Array> {
  if (config.JWT_SECRET) return new TextEncoder().encode(config.JWT_SECRET);
  await mkdir(config.DATA_DIR, { recursive: true });
  const path = join(config.DATA_DIR, KEY_FILE);
  const created = await createKeyFile(path);
  if (created) {
    log.info({ path }, 'generated a new signing key for access tokens');
    return created;
  }
  const mode = (await stat(path)).mode & 0o777;
  if (mode & 0o077) log.warn({ path, mode: mode.toString(8) }, 'the signing key file is readable by other users; chmod 600 it');
  const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
  if (key.byteLength < GENERATED_BYTES) {
    throw new Error(`${path} holds fewer than ${GENERATED_BYTES} bytes of key; delete it to generate a new one`);
  }
  return key;
}

/** Writes a fresh key unless the file exists ('wx'), so two relays starting together agree on one. */
async function createKeyFile(path: string): Promise<Uint8Array | null> {
  const key = randomBytes(GENERATED_BYTES);
  let file;
  try {
    file = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  try {
    await file.writeFile(`${key.toString('base64url')}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  return key;
}
