// End-to-end tests: Debian's Chromium (Playwright cannot download browsers here) against a real
// relay that tests/e2e/global-setup.ts starts on the built app. `npm run test:e2e` builds first.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './tests/helpers/chromium.ts';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  globalSetup: './tests/e2e/global-setup.ts',
  // Generous: two browsers, the relay and the database share two cores; speed is the bench's job.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  workers: 2,
  reporter: 'list',
  use: {
    // Set by the global setup once the relay listens; Playwright starts its workers after that.
    baseURL: process.env.PARLEY_E2E_URL,
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM_LAUNCH,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
