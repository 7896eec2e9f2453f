import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser test starts Chromium and the demo server; a cold start on
    // a small machine takes seconds, not milliseconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
