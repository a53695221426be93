// Runs at the end of `npm run build`: sums the gzipped JavaScript the browser needs before the
// first screen paints (issue #6: at most 150 KB) and fails the build above that.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 150;
const BUILD = new URL('../build/', import.meta.url);
const KIT = new URL('../.svelte-kit/', import.meta.url);

/** Vite's manifest of the client build: each chunk with the chunks it imports statically. */
const byKey = new Map(Object.entries(JSON.parse(readFileSync(new URL('output/client/.vite/manifest.json', KIT), 'utf8'))));
const byFile = new Map([...byKey.values()].map((chunk) => [chunk.file, chunk]));

// What index.html loads: the entry scripts its inline boot script imports and the modulepreloads.
const html = readFileSync(new URL('index.html', BUILD), 'utf8');
const roots = [
  ...[...html.matchAll(/\bimport\(\s*["']([^"']+\.js)["']\s*\)/g)].map((match) => match[1]),
  ...[...html.matchAll(/<link\b[^>]*\brel=["']modulepreload["'][^>]*>/g)].map((tag) => /\bhref=["']([^"']+)["']/.exec(tag[0])?.[1]),
  ...[...html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+\.js)["']/g)].map((match) => match[1]),
]
  .filter(Boolean)
  .map((href) => href.replace(/^\//, ''));

// The boot script then imports the nodes of the first screen (the route "/") dynamically.
const routes = readFileSync(new URL('generated/client-optimized/app.js', KIT), 'utf8');
const landingNodes =
  /"\/":\s*\[([^\]]*)\]/
    .exec(routes)?.[1]
    .split(',')
    .map((node) => Math.abs(Number(node.trim()))) ?? [];
for (const node of landingNodes) {
  const chunk = byKey.get(`.svelte-kit/generated/client-optimized/nodes/${node}.js`);
  if (chunk) roots.push(chunk.file);
}

const files = new Set();
const visit = (file) => {
  if (files.has(file)) return;
  files.add(file);
  for (const key of byFile.get(file)?.imports ?? []) {
    const imported = byKey.get(key);
    if (imported) visit(imported.file);
  }
};
roots.forEach(visit);

const sizes = [...files].map((file) => ({ file, bytes: gzipSync(readFileSync(new URL(file, BUILD))).length }));
const totalKb = sizes.reduce((sum, { bytes }) => sum + bytes, 0) / 1000;
console.log(`JS before first paint: ${totalKb.toFixed(1)} KB gzipped (limit ${LIMIT_KB} KB)`);
if (totalKb > LIMIT_KB) {
  for (const { file, bytes } of sizes.sort((a, b) => b.bytes - a.bytes))
    console.log(`  ${(bytes / 1000).toFixed(1).padStart(6)} KB  ${file}`);
  console.error(`The first screen loads more JavaScript than the ${LIMIT_KB} KB budget; split or drop something.`);
  process.exit(1);
}
