// relay/README.md is the newcomer's map: it must name every module of relay/ and protocol/, every
// close code and every denial code, so a module or code added without a line there fails here.
// The root README.md opens with a screenshot and the two commands, and says how to serve Parley
// over HTTPS; what it says about ports, paths and settings is checked against the code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/close-codes.ts';
import { DENIALS } from '../protocol/denials.ts';
import { SYNC_PATH } from '../protocol/sync-messages.ts';
import { parseConfig } from './config.ts';

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

describe('README.md', () => {
  const rootReadme = readFileSync(join(root, 'README.md'), 'utf8');
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const port = parseConfig({}).PORT;
  /** The text under a `## ` heading, up to the next one. */
  const section = (heading: string) => rootReadme.split(/^(?=## )/m).find((part) => part.startsWith(`## ${heading}\n`)) ?? '';
  /** The body of the first fenced block of `language` in `text`. */
  const block = (text: string, language: string) => new RegExp(`\`\`\`${language}\n([\\s\\S]*?)\`\`\``).exec(text)?.[1] ?? '';

  it('opens with the title and a screenshot of the app, which is in the repository and small', () => {
    const [title, , image] = rootReadme.split('\n');
    expect(title).toBe('# Parley');
    const path = /^!\[[^\]]+\]\((docs\/[\w-]+\.png)\)$/.exec(image ?? '')?.[1] ?? 'no image';
    const png = readFileSync(join(root, path));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280); // a desktop-wide window
    expect(statSync(join(root, path)).size).toBeLessThan(300_000);
  });

  it('shows the two commands first: one installs and starts on the default port, one runs every test', () => {
    expect(/^## .*$/m.exec(rootReadme)?.[0]).toBe('## Two commands');
    const [start, test, ...rest] = block(section('Two commands'), 'sh').trim().split('\n');
    expect(start).toMatch(new RegExp(`^npm ci && npm start +# .*http://localhost:${port} `));
    expect(test).toMatch(/^npm test +# /);
    expect(rest).toEqual([]);
    expect(scripts.start).toContain('npm run serve');
    expect(scripts.test).toContain('vitest run');
  });

  it('says that the service worker, offline use and install need HTTPS or localhost', () => {
    const https = section('HTTPS and reverse proxy');
    for (const words of ['service worker', 'HTTPS', '`localhost`', 'offline', 'installed']) expect(https).toContain(words);
  });

  it('shows a Caddy and an nginx reverse proxy to the relay, with the WebSocket upgrade and the settings to use behind them', () => {
    const https = section('HTTPS and reverse proxy');
    expect(block(https, 'caddyfile')).toContain(`reverse_proxy 127.0.0.1:${port}`);
    const nginx = block(https, 'nginx');
    for (const line of [
      `proxy_pass http://127.0.0.1:${port};`,
      'proxy_http_version 1.1;',
      'proxy_set_header Upgrade $http_upgrade;',
      'proxy_set_header Connection $connection_upgrade;',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    ])
      expect(nginx).toContain(line);
    expect(https).toContain(`\`${SYNC_PATH}/<doc>\``);
    const settings = { TRUST_PROXY: 'true', PUBLIC_URL: 'https://chat.example.org', HOST: '127.0.0.1' };
    expect(block(https, 'sh').trim()).toBe(
      `${Object.entries(settings)
        .map(([name, value]) => `${name}=${value}`)
        .join(' ')} npm start`,
    );
    expect(parseConfig(settings)).toMatchObject({ TRUST_PROXY: true, PUBLIC_URL: settings.PUBLIC_URL, HOST: settings.HOST });
  });
});
