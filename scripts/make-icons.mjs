// Draws Parley's mark (a bold "P" in a speech bubble) once as SVG and renders the PNG icons of the
// web manifest through Chromium. Run `node scripts/make-icons.mjs` after changing the mark and
// commit the results in app/static/.
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const THEME = '#5b4bd6';
const STATIC = new URL('../app/static/', import.meta.url);

// The mark on a 100×100 grid: a bubble with its tail at the bottom left, the P cut into it.
const MARK = `
  <path fill="#fff" d="M24 4h52a24 24 0 0 1 24 24v28a24 24 0 0 1-24 24H40L16 98l4-18a24 24 0 0 1-20-24V28A24 24 0 0 1 24 4z"/>
  <path fill="${THEME}" fill-rule="evenodd" d="M32 19h22a17 17 0 0 1 0 34h-8v14H32zM46 30v12h7a6 6 0 0 0 0-12z"/>`;

function round(value) {
  return Math.round(value * 1000) / 1000;
}

/**
 * `inset` is the share of the icon the mark spans. Maskable icons keep it inside the central
 * circle of radius 40% that every launcher mask leaves visible; `rounded` icons draw their own
 * rounded square on a transparent canvas, the others fill the whole square.
 */
function iconSvg({ size, inset, rounded }) {
  const scale = (size * inset) / 100;
  const offset = round((size - size * inset) / 2);
  const radius = rounded ? round(size * 0.22) : 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" rx="${radius}" fill="${THEME}"/>
  <g transform="translate(${offset} ${offset}) scale(${round(scale)})">${MARK}
  </g>
</svg>`;
}

const icons = [
  { file: 'icons/icon-192.png', size: 192, inset: 0.66, rounded: true },
  { file: 'icons/icon-512.png', size: 512, inset: 0.66, rounded: true },
  { file: 'icons/icon-maskable-512.png', size: 512, inset: 0.58, rounded: false },
  // iOS puts its own mask on home screen icons and shows transparency as black.
  { file: 'icons/apple-touch-icon.png', size: 180, inset: 0.6, rounded: false },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  for (const icon of icons) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    await page.setContent(`<body style="margin:0">${iconSvg(icon)}</body>`);
    writeFileSync(new URL(icon.file, STATIC), await page.locator('svg').screenshot({ omitBackground: true }));
    console.log(`wrote app/static/${icon.file}`);
  }
} finally {
  await browser.close();
}

writeFileSync(new URL('favicon.svg', STATIC), `${iconSvg({ size: 32, inset: 0.78, rounded: true })}\n`);
console.log('wrote app/static/favicon.svg');
