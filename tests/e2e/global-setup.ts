// One relay for the whole e2e run, serving build/ (`npm run test:e2e` builds it first). Its URL
// reaches the tests through PARLEY_E2E_URL (playwright.config.ts's baseURL); the returned
// function stops it.
import { mkdirSync } from 'node:fs';
import type { FullConfig } from '@playwright/test';
import { ROOT, startRelay, SUITE_LIMITS } from './helpers/relay.ts';

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const outputDir = config.projects[0]?.outputDir ?? `${ROOT}/test-results`;
  mkdirSync(outputDir, { recursive: true });
  const logFile = `${outputDir}/relay.log`;
  // Every browser of the suite comes from 127.0.0.1, so the per-IP limits would count all of them as one user.
  const relay = await startRelay({ staticDir: `${ROOT}/build`, logFile, env: SUITE_LIMITS });
  process.env.PARLEY_E2E_URL = relay.url;
  console.log(`e2e: relay (pid ${relay.pid}, ${relay.backend}) on ${relay.url}, log in ${logFile}`);
  return relay.stop;
}
