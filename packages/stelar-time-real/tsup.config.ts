import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The two entries build in parallel, so a per-entry `clean` could delete
// what the other has just written; the folder is emptied once, here.
rmSync('dist', { recursive: true, force: true });

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
  },
  {
    entry: { browser: 'src/browser.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    platform: 'browser',
  },
]);
