// Runs before the e2e suite: Playwright cannot download browsers here, so the tests drive
// Debian's Chromium, installed from apt when it is missing, with the colour emoji font so emoji
// render in the screenshots.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const EMOJI_FONT = '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';
/** Debian package → the file that shows it is installed. */
const PACKAGES = { chromium: CHROMIUM, 'fonts-noto-color-emoji': EMOJI_FONT };

function run(command, args) {
  console.log(`ensure-chromium: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.error) console.error(`ensure-chromium: ${command} failed to start: ${result.error.message}`);
  return result.status === 0;
}

function fail(message) {
  console.error(`ensure-chromium: ${message}`);
  process.exit(1);
}

const missing = Object.entries(PACKAGES)
  .filter(([, file]) => !existsSync(file))
  .map(([name]) => name);
if (missing.length === 0) {
  console.log(`ensure-chromium: using ${CHROMIUM}`);
  process.exit(0);
}

if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
  fail(
    `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing and there is no apt-get to install them; install them and run the tests again.`,
  );
}
if (process.getuid?.() !== 0) {
  fail(
    `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing; installing needs root. Run \`sudo apt-get install -y ${missing.join(' ')}\` and run the tests again.`,
  );
}

console.log(`ensure-chromium: installing Debian's ${missing.join(' ')}`);
// A fresh container often has no package lists yet; refresh them only when the first try fails.
const installed =
  run('apt-get', ['install', '-y', ...missing]) || (run('apt-get', ['update']) && run('apt-get', ['install', '-y', ...missing]));

if (!installed || !existsSync(CHROMIUM)) {
  fail(
    `could not install ${missing.join(' ')} with apt-get (see the output above); install them so that ${CHROMIUM} exists and run the tests again.`,
  );
}
console.log(`ensure-chromium: installed ${missing.join(' ')}`);
