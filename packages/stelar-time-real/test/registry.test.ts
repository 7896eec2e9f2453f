import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../src/index.js';
import {
  byEvent,
  cleanup,
  connect,
  drain,
  openClient,
  startServer,
} from './helpers.js';

afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

describe('client ids', () => {
  it('uses the ids generateClientId returns', async () => {
    let n = 0;
    const server = await startServer({ generateClientId: () => `user-${++n}` });
    const a = await connect(server);
    const b = await connect(server);

    expect([a.id, b.id]).toEqual(['user-1', 'user-2']);
    expect(
      server
        .getClients()
        .map((c) => c.id)
        .sort(),
    ).toEqual(['user-1', 'user-2']);
  });

  it('refuses a duplicate id with 1011 and keeps the first client', async () => {
    const server = await startServer({ generateClientId: () => 'same' });
    const first = await connect(server);
    const second = openClient(server);

    expect((await second.waitClose()).code).toBe(1011);
    expect(server.getClients().map((c) => c.id)).toEqual(['same']);
    expect(server.toId('same', 'still', 'here')).toBe(true);
    expect((await first.next(byEvent('still'))).data).toBe('here');
  });

  it('closes with 1011 when generateClientId throws or returns no string', async () => {
    const ids: unknown[] = [() => 42, () => ''];
    for (const make of ids) {
      const server = await startServer({
        generateClientId: make as () => string,
      });
      const client = openClient(server);
      expect((await client.waitClose()).code).toBe(1011);
      expect(server.getStats().activeConnections).toBe(0);
    }
    const throwing = await startServer({
      generateClientId: () => {
        throw new Error('no ids today');
      },
    });
    expect((await openClient(throwing).waitClose()).code).toBe(1011);
  });

  it('frees the slot of a refused id for the next connection', async () => {
    const server = await startServer({
      generateClientId: () => 'only',
      maxConnections: 2,
    });
    await connect(server);
    for (let i = 0; i < 3; i++) {
      expect((await openClient(server).waitClose()).code).toBe(1011);
    }
    const stats = server.getStats();
    expect(stats.activeConnections).toBe(1);
    expect(stats.totalConnections).toBe(1);
  });
});

describe('logger option', () => {
  function recordingLogger(): { logger: Logger; lines: unknown[][] } {
    const lines: unknown[][] = [];
    const record =
      (level: string) =>
      (...args: unknown[]) =>
        lines.push([level, ...args]);
    const logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    } as Logger;
    return { logger, lines };
  }

  it('gives a user logger the fields first and the message second', async () => {
    const { logger, lines } = recordingLogger();
    const server = await startServer({ logger });
    server.on('boom', () => {
      throw new Error('handler broke');
    });
    const client = await connect(server);
    client.emit('boom');
    await client.roundTrip();

    const started = lines.find((line) => line[2] === 'server started');
    expect(started?.[0]).toBe('info');
    expect(started?.[1]).toEqual({ port: server.getPort() });
    const failed = lines.find((line) => line[2] === 'handler failed');
    expect(failed?.[0]).toBe('error');
    expect(failed?.[1]).toMatchObject({ clientId: client.id, event: 'boom' });
  });

  it('writes only the chosen level and above to stderr', async () => {
    const written: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      written.push(String(line));
    });
    const server = await startServer({ logger: 'warn' });
    const client = await connect(server);
    client.sendRaw('not json');
    await client.roundTrip();

    expect(written.some((line) => line.includes('warn invalid message'))).toBe(
      true,
    );
    expect(written.some((line) => line.includes('server started'))).toBe(false);
  });

  it('writes nothing with logger false or silent', async () => {
    const written: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      written.push(String(line));
    });
    for (const logger of [false, 'silent'] as const) {
      const server = await startServer({ logger });
      const client = await connect(server);
      client.sendRaw('not json');
      await client.roundTrip();
    }
    expect(written).toEqual([]);
  });
});

describe('binary data forms', () => {
  it('sends an ArrayBuffer and only the viewed bytes of a typed array', async () => {
    const server = await startServer();
    const client = await connect(server);
    const backing = new Uint8Array([0, 1, 2, 3, 4, 5]);

    server.broadcastBinary('whole', backing.buffer);
    server.broadcastBinary('part', new Uint16Array(backing.buffer, 2, 1));

    const whole = await client.next(byEvent('whole'));
    const part = await client.next(byEvent('part'));
    expect([...(whole.data as Buffer)]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...(part.data as Buffer)]).toEqual([2, 3]);
  });
});

describe('ctx.joinRoom()', () => {
  it('refuses a room name the protocol would refuse', async () => {
    const server = await startServer();
    const results: boolean[] = [];
    server.on('try', (ctx) => {
      results.push(ctx.joinRoom(''), ctx.joinRoom('x'.repeat(257)));
    });
    const client = await connect(server);
    client.emit('try');
    await client.roundTrip();

    expect(results).toEqual([false, false]);
    expect(server.getRooms()).toEqual([]);
    expect(await drain(server, client)).toEqual([]);
  });
});

describe('toBinary()', () => {
  it('sends a binary message to the members of a room only', async () => {
    const server = await startServer();
    const inside = await connect(server);
    const outside = await connect(server);
    await inside.join('files');

    server.toBinary('files', 'file', new Uint8Array([7, 8, 9]));
    server.on('relay', (ctx) =>
      ctx.toBinary('files', 'echo', new Uint8Array([1])),
    );
    outside.emit('relay');

    const file = await inside.next(byEvent('file'));
    const echo = await inside.next(byEvent('echo'));
    expect([...(file.data as Buffer)]).toEqual([7, 8, 9]);
    expect([...(echo.data as Buffer)]).toEqual([1]);
    expect(await drain(server, outside)).toEqual([]);
  });
});

describe('ctx.req', () => {
  it('gives middleware the whole request and handlers its lasting headers', async () => {
    const server = await startServer();
    let inMiddleware: Record<string, unknown> = {};
    let inHandler: Record<string, unknown> = {};
    server.use((ctx, next) => {
      inMiddleware = { ...ctx.req!.headers };
      next();
    });
    server.on('look', (ctx) => {
      inHandler = { ...ctx.req!.headers, url: ctx.req!.url };
    });
    const client = openClient(server, { headers: { 'x-token': 'abc' } });
    await client.welcomed();
    client.emit('look');
    await client.roundTrip();

    expect(inMiddleware['x-token']).toBe('abc');
    expect(inMiddleware['sec-websocket-key']).toBeTypeOf('string');
    expect(inHandler['x-token']).toBe('abc');
    expect(inHandler['host']).toBeTypeOf('string');
    expect(inHandler['url']).toBe('/');
    expect(inHandler['sec-websocket-key']).toBeUndefined();
  });
});
