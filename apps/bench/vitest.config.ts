import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The socket tests start a server process per test; on a small, busy
    // machine a cold start takes seconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
