import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  startServer,
  stopServer,
  waitUntil,
  within,
} from './helpers.js';

afterEach(cleanup);

// These tests read the build: turbo runs `build` before `test`.
const DIST = new URL('../dist/', import.meta.url);
const NODE_BUILTINS = new Set(builtinModules);

/** import('x'), from 'x', import 'x' and require('x'), minified or not. */
const SPECIFIER = new RegExp(
  [
    String.raw`\bimport\s*\(\s*["']([^"']+)["']\s*\)`,
    String.raw`\bfrom\s*["']([^"']+)["']`,
    String.raw`\bimport\s*["']([^"']+)["']`,
    String.raw`\brequire\s*\(\s*["']([^"']+)["']\s*\)`,
  ].join('|'),
  'g',
);

function specifiers(code: string): string[] {
  return [...code.matchAll(SPECIFIER)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? match[4] ?? '',
  );
}

function isNodeOnly(specifier: string): boolean {
  return (
    specifier === 'ws' ||
    specifier.startsWith('ws/') ||
    specifier.startsWith('node:') ||
    NODE_BUILTINS.has(specifier)
  );
}

function browserFiles(): string[] {
  return readdirSync(DIST).filter(
    (name) =>
      (name.startsWith('browser') && name.endsWith('.js')) ||
      name === 'stelar-client.min.js',
  );
}

describe('the browser build', () => {
  it('exists: dist/browser.js and dist/stelar-client.min.js', () => {
    expect(browserFiles().sort()).toEqual([
      'browser.js',
      'stelar-client.min.js',
    ]);
  });

  it.each(['browser.js', 'stelar-client.min.js'])(
    '%s imports neither ws nor node:*',
    (name) => {
      const code = readFileSync(new URL(name, DIST), 'utf8');
      expect(specifiers(code).filter(isNodeOnly)).toEqual([]);
      expect(code).not.toMatch(/["']node:[a-z]/);
    },
  );

  it('bundles everything into the min file', () => {
    const code = readFileSync(new URL('stelar-client.min.js', DIST), 'utf8');
    expect(specifiers(code)).toEqual([]);
  });

  it('is what the browser condition of package.json points to', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { exports: { '.': Record<string, string> } };
    const root = pkg.exports['.'];
    expect(Object.keys(root)[0]).toBe('types');
    expect(root).toMatchObject({
      browser: './dist/browser.js',
      node: './dist/index.js',
      default: './dist/index.js',
    });
  });

  it('speaks the protocol on a spec WebSocket and reconnects when back online', async () => {
    const server = await startServer({}, (s) => {
      s.onAck('sum', (ctx) => (ctx.data as number[]).reduce((a, b) => a + b));
      s.on('bounce', (ctx) => ctx.emitBinary('pixels', ctx.data as Uint8Array));
    });
    const port = server.getPort()!;
    const child = spawn(
      process.execPath,
      [
        '--experimental-websocket',
        '--no-warnings',
        fileURLToPath(new URL('./fixtures/browser-smoke.mjs', import.meta.url)),
        String(port),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const lines = createInterface({ input: child.stdout })[
      Symbol.asyncIterator
    ]();
    const next = async (): Promise<Record<string, unknown>> =>
      JSON.parse((await within(lines.next(), 'a line from the page')).value);

    try {
      expect(await next()).toEqual({
        step: 'ready',
        sum: 5,
        rooms: ['lobby'],
        bytesType: '[object Uint8Array]',
        isBuffer: false,
        bytes: [1, 2],
        nodeOnly: [
          'ERR_CLIENT_NODE_ONLY',
          'ERR_CLIENT_NODE_ONLY',
          'ERR_CLIENT_NODE_ONLY',
        ],
      });

      await stopServer(server);
      expect(await next()).toEqual({
        step: 'reconnecting',
        onlineListeners: 1,
      });
      const rejoined: string[] = [];
      await startServer({
        port,
        hooks: { onClientJoinRoom: ({ room }) => void rejoined.push(room) },
      });
      child.stdin.write('online\n');

      // The backoff is a minute: only the online event explains a prompt
      // return.
      expect(await next()).toEqual({
        step: 'back',
        rooms: ['lobby'],
        onlineListeners: 0,
      });
      await waitUntil(() => rejoined.length > 0, 'the room joined again');
      expect(rejoined).toEqual(['lobby']);
      expect(await within(exited, 'the page process to end')).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
