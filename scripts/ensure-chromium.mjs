// Runs before the e2e suite: Playwright cannot download browsers here, so the tests drive
// Debian's Chromium, installed from apt when it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

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

if (existsSync(CHROMIUM)) {
  console.log(`ensure-chromium: using ${CHROMIUM}`);
  process.exit(0);
}

if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
  fail(`${CHROMIUM} is missing and there is no apt-get to install it; install Chromium at ${CHROMIUM} and run the tests again.`);
}
if (process.getuid?.() !== 0) {
  fail(`${CHROMIUM} is missing; installing it needs root. Run \`sudo apt-get install -y chromium\` and run the tests again.`);
}

console.log(`ensure-chromium: ${CHROMIUM} is missing; installing Debian's chromium package`);
// A fresh container often has no package lists yet; refresh them only when the first try fails.
const installed =
  run('apt-get', ['install', '-y', 'chromium']) ||
  (run('apt-get', ['update']) && run('apt-get', ['install', '-y', 'chromium']));

if (!installed || !existsSync(CHROMIUM)) {
  fail(`could not install chromium with apt-get (see the output above); install it so that ${CHROMIUM} exists and run the tests again.`);
}
console.log(`ensure-chromium: installed ${CHROMIUM}`);
