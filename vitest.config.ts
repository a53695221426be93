import { defineConfig } from 'vitest/config';

// Tests run without the SvelteKit plugin: the relay, model and persistence are plain Node code.
export default defineConfig({
  test: {
    include: ['{model,protocol,sync-client,relay,persistence,scripts,tests}/**/*.test.ts', 'app/src/lib/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
