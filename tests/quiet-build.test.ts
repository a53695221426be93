// What `npm run build` prints is read by every newcomer on the first `npm start`: the configuration
// behind the warnings it used to print on every build, kept fixed here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Config } from '@sveltejs/kit';
import { transform } from 'lightningcss';
import { compile, preprocess } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

const components = readdirSync(join(root, 'app/src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.svelte'))
  .map((file) => join('app/src', file));
const styleOf = (source: string) => /<style>([\s\S]*?)<\/style>/.exec(source)?.[1];

async function svelteConfig(): Promise<Config> {
  // A computed specifier: the config is plain JavaScript, which the type check does not read.
  const url = new URL('svelte.config.js', `file://${root}/`).href;
  return ((await import(url)) as { default: Config }).default;
}

describe('the build', () => {
  it('hands Lightning CSS only what the Svelte compiler made of the styles, not the :global() it does not know', async () => {
    const { preprocess: preprocessors = [] } = await svelteConfig();
    const styled = components.filter((file) => styleOf(read(file)) !== undefined);
    expect(styled.length).toBeGreaterThan(10);
    for (const file of styled) {
      const source = read(file);
      const preprocessed = await preprocess(source, preprocessors, { filename: file });
      expect(styleOf(preprocessed.code), relative(root, file)).toBe(styleOf(source));
    }
  });

  it('compiles every component style to CSS Lightning CSS reads without a warning', async () => {
    const { preprocess: preprocessors = [] } = await svelteConfig();
    const warnings: string[] = [];
    for (const file of components) {
      const source = read(file);
      const { code } = await preprocess(source, preprocessors, { filename: file });
      const { css } = compile(code, { filename: file, css: 'external', generate: 'client' });
      if (!css) continue;
      const result = transform({ filename: `${file}.css`, code: Buffer.from(css.code), errorRecovery: true });
      warnings.push(...result.warnings.map((warning) => `${file}: ${warning.message}`));
    }
    expect(warnings).toEqual([]);
  });

  it("extends SvelteKit's generated tsconfig from the root tsconfig.json, which SvelteKit checks on every sync", () => {
    const tsconfig = JSON.parse(read('tsconfig.json')) as { extends?: string | string[] };
    expect([tsconfig.extends].flat()).toContain('./.svelte-kit/tsconfig.json');
  });

  it('has the `npm run preview` that SvelteKit suggests after each build, and it runs the relay', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(scripts.preview).toBe('npm run serve --');
  });
});
