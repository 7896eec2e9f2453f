import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StelarStats } from '../src/index.js';

const SERVER = fileURLToPath(
  new URL('./fixtures/slow-reader-server.mjs', import.meta.url),
);
const MESSAGE_BYTES = 64 * 1024;
const TOTAL_BYTES = 200 * 1024 * 1024;
const MESSAGES = TOTAL_BYTES / MESSAGE_BYTES;
const WINDOW = 16;
/**
 * How much the server's RSS may grow while 200 MB go past a client that
 * reads nothing. Without a bound the server would keep all 200 MB for it;
 * with the 4 MiB default it keeps a few MiB plus what V8 holds on to.
 */
const RSS_GROWTH_BOUND = 64 * 1024 * 1024;

interface Memory {
  rss: number;
  stats: StelarStats;
}

const children: ChildProcess[] = [];
const sockets: WebSocket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const child of children.splice(0)) child.kill();
});

function startChild(policy: 'close' | 'keep'): Promise<{
  child: ChildProcess;
  port: number;
}> {
  const child = fork(SERVER, [policy], { execArgv: ['--expose-gc'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (message) =>
      resolve({ child, port: (message as { port: number }).port }),
    );
    child.once('exit', () => reject(new Error('server child exited')));
  });
}

function memory(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message as Memory));
    child.send('memory');
  });
}

async function joined(port: number): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
  sockets.push(socket);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.on('message', function onMessage(raw: Buffer) {
      const message = JSON.parse(raw.toString()) as { event: string };
      if (message.event === 'stelar:welcome') {
        socket.send(JSON.stringify({ event: 'join-room', data: 'room' }));
      } else if (message.event === 'joined-room') {
        socket.off('message', onMessage);
        resolve();
      }
    });
    socket.once('close', () => reject(new Error('closed before joining')));
  });
  return socket;
}

async function connected(port: number): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
  sockets.push(socket);
  await new Promise((resolve) => socket.once('message', resolve));
  return socket;
}

/**
 * Publishes every message and resolves with how many the reading member
 * received, keeping at most WINDOW in flight so the publisher itself is
 * never the one that buffers.
 */
function publishAll(publisher: WebSocket, reader: WebSocket): Promise<number> {
  const payload = 'x'.repeat(MESSAGE_BYTES);
  const frame = JSON.stringify({ event: 'pub', data: payload });
  let sent = 0;
  let received = 0;
  return new Promise((resolve, reject) => {
    const guard = setTimeout(
      () => reject(new Error(`stalled at ${received} of ${MESSAGES}`)),
      60_000,
    );
    const pump = (): void => {
      while (sent < MESSAGES && sent - received < WINDOW) {
        publisher.send(frame);
        sent++;
      }
    };
    reader.on('message', (raw: Buffer) => {
      if (raw.length < MESSAGE_BYTES) return;
      received++;
      if (received === MESSAGES) {
        clearTimeout(guard);
        resolve(received);
      } else {
        pump();
      }
    });
    pump();
  });
}

/**
 * A room with a member that stops reading, one that reads everything and a
 * publisher pushing 200 MB: resolves with what the reader got and the
 * server's memory and figures before and after.
 */
async function pastAStalledReader(policy: 'close' | 'keep') {
  const { child, port } = await startChild(policy);
  const stalled = await joined(port);
  const reader = await joined(port);
  const publisher = await connected(port);
  const before = await memory(child);
  stalled.pause();

  const received = await publishAll(publisher, reader);
  const after = await memory(child);
  return { received, growth: after.rss - before.rss, stats: after.stats };
}

describe('a client that stops reading', () => {
  it(
    'is closed with 1013 while the server memory stays bounded',
    {
      timeout: 90_000,
    },
    async () => {
      const { received, growth, stats } = await pastAStalledReader('close');

      expect(received).toBe(MESSAGES);
      expect(growth).toBeLessThan(RSS_GROWTH_BOUND);
      expect(stats.slowClientCloses).toBe(1);
      expect(stats.slowClientDrops).toBe(0);
      expect(stats.activeConnections).toBe(2);
    },
  );

  it(
    'is kept and its messages dropped when onSlowClient returns false',
    {
      timeout: 90_000,
    },
    async () => {
      const { received, growth, stats } = await pastAStalledReader('keep');

      expect(received).toBe(MESSAGES);
      expect(growth).toBeLessThan(RSS_GROWTH_BOUND);
      expect(stats.slowClientCloses).toBe(0);
      expect(stats.slowClientDrops).toBeGreaterThan(0);
      expect(stats.activeConnections).toBe(3);
    },
  );
});
