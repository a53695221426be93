// R-HTTP: the relay serves the built app as a single-page app with the right caching.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type TestRelay } from './helpers/relay.ts';

let relay: TestRelay;
let staticDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'parley-static-'));
  await mkdir(join(staticDir, '_app/immutable/entry'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>shell</title>');
  await writeFile(join(staticDir, '_app/immutable/entry/app.abc123.js'), 'export {}');
  await writeFile(join(staticDir, 'manifest.webmanifest'), '{}');
  await mkdir(join(staticDir, '_app/immutable/chunks'), { recursive: true });
  const chunk = join(staticDir, '_app/immutable/chunks/big.abc123.js');
  const source = `export const text = ${JSON.stringify('parley '.repeat(2000))};`;
  await writeFile(chunk, source);
  await writeFile(`${chunk}.gz`, gzipSync(source));
  await writeFile(`${chunk}.br`, brotliCompressSync(source));
  relay = await startRelay({ STATIC_DIR: staticDir });
});
afterAll(async () => {
  await relay.stop();
  await rm(staticDir, { recursive: true, force: true });
});

describe('static app', () => {
  it('R-HTTP-1: / serves the app shell with no-cache', async () => {
    const response = await fetch(`${relay.httpUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>shell</title>');
  });

  it('R-HTTP-2: client-side routes fall back to the app shell', async () => {
    const response = await fetch(`${relay.httpUrl}/c/some-conversation`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>shell</title>');
  });

  it('R-HTTP-3: hashed assets are cached as immutable, other files revalidate', async () => {
    const asset = await fetch(`${relay.httpUrl}/_app/immutable/entry/app.abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const manifest = await fetch(`${relay.httpUrl}/manifest.webmanifest`);
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
  });

  it('R-HTTP-7: precompressed copies are sent to browsers that accept them, the plain file to others', async () => {
    const get = (encoding: string | undefined) =>
      new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
        const headers = encoding ? { 'accept-encoding': encoding } : {};
        request(`${relay.httpUrl}/_app/immutable/chunks/big.abc123.js`, { headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ encoding: response.headers['content-encoding'], vary: response.headers.vary, body: Buffer.concat(chunks) }),
          );
        })
          .on('error', reject)
          .end();
      });
    const plain = await get(undefined);
    expect(plain.encoding).toBeUndefined();
    const brotli = await get('gzip, deflate, br');
    expect(brotli.encoding).toBe('br');
    expect(brotli.vary).toMatch(/accept-encoding/i);
    expect(brotli.body.length).toBeLessThan(plain.body.length / 10);
    expect(brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);
    const gzip = await get('gzip');
    expect(gzip.encoding).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
  });

  it('R-HTTP-4: a missing file is a 404 with a JSON error, not the app shell', async () => {
    const response = await fetch(`${relay.httpUrl}/_app/immutable/missing.js`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });

  it('R-HTTP-5: WebSocket upgrades outside /sync/ are refused', async () => {
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`ws://127.0.0.1:${relay.port}/elsewhere`);
    const status = await new Promise<number>((resolve) =>
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).on('error', () => resolve(-1)),
    );
    expect(status).toBe(404);
  });

  it('R-HTTP-6: an unknown /api route is a JSON 404, not the app shell', async () => {
    const response = await fetch(`${relay.httpUrl}/api/no-such-route`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});
