import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

// tsup builds the entries of an array in parallel, so a per-entry `clean`
// could delete what a sibling entry has just written; the folder is emptied
// once, here, before any of them starts.
rmSync('dist', { recursive: true, force: true });

const shared = {
  format: ['esm'],
  sourcemap: true,
  target: 'es2022',
  splitting: false,
} as const;

export default defineConfig([
  // Node.js: `ws` for the socket. Its declarations serve both builds, whose
  // public surface is the same.
  {
    ...shared,
    entry: { index: 'src/index.node.ts' },
    platform: 'node',
    dts: true,
  },
  // Bundlers targeting browsers: the native WebSocket, never `ws`.
  {
    ...shared,
    entry: { browser: 'src/index.ts' },
    platform: 'browser',
  },
  // One file for a <script type="module">, dependencies included.
  {
    ...shared,
    entry: { 'stelar-client.min': 'src/index.ts' },
    platform: 'browser',
    minify: true,
    noExternal: [/.*/],
  },
]);
