// One relay for the whole e2e run, serving build/ (`npm run test:e2e` builds it first). Its URL
// reaches the tests through PARLEY_E2E_URL (playwright.config.ts's baseURL); the returned
// function stops it.
import { mkdirSync } from 'node:fs';
import type { FullConfig } from '@playwright/test';
import { DEMO_PAGE_ENV, ROOT, startRelay } from './helpers/relay.ts';

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const outputDir = config.projects[0]?.outputDir ?? `${ROOT}/test-results`;
  mkdirSync(outputDir, { recursive: true });
  const logFile = `${outputDir}/relay.log`;
  const relay = await startRelay({ staticDir: `${ROOT}/build`, logFile, env: DEMO_PAGE_ENV });
  process.env.PARLEY_E2E_URL = relay.url;
  console.log(`e2e: relay (pid ${relay.pid}, ${relay.backend}) on ${relay.url}, log in ${logFile}`);
  return relay.stop;
}
