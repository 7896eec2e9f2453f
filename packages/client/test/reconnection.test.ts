import { afterEach, describe, expect, it } from 'vitest';
import { computeReconnectDelay } from '../src/compute-reconnect-delay.js';
import {
  MODES,
  cleanup,
  createClient,
  freePort,
  nextEvent,
  recordEvents,
  sleep,
  startProxy,
  startServer,
  stopServer,
  transport,
  urlOf,
  waitUntil,
} from './helpers.js';

afterEach(cleanup);

function names(log: unknown[][]): unknown[] {
  return log.map(([name]) => name);
}

describe.each(MODES)('StelarClient reconnection over %s', (mode) => {
  const t = transport(mode);

  describe('after a server restart', () => {
    it('reconnects, joins its rooms again and drains its queue in order', async () => {
      const first = await t.start();
      const ports = t.samePorts(first);
      const drained: number[] = [];
      const queued: number[] = [];
      const client = await t.connected(first, {
        reconnectionAttempts: Infinity,
        hooks: {
          onQueueDrained: ({ count }) => drained.push(count),
          onMessageQueued: ({ queueSize }) => queued.push(queueSize),
        },
      });
      await client.joinRoom('lobby');
      await client.joinRoom('news');
      const firstId = client.getId();

      const dropped = nextEvent(client, 'disconnect');
      await stopServer(first);
      expect((await dropped)[0]).toEqual({
        code: 1001,
        reason: 'server shutting down',
      });
      expect(client.getState()).toBe('reconnecting');

      client.emit('n', 1);
      client.emit('n', 2);
      const echoed = client.request('echo', 'queued request');
      client.emit('n', 3);
      expect(client.getQueueSize()).toBe(4);
      expect(queued).toEqual([1, 2, 3, 4]);

      const seen: { n: unknown; rooms: string[] }[] = [];
      const back = nextEvent(client, 'connect');
      const second = await t.start(ports, (server) => {
        server.on('n', (ctx) => {
          seen.push({ n: ctx.data, rooms: [...ctx.clientInfo.rooms].sort() });
        });
        server.onAck('echo', (ctx) => ctx.data);
      });
      await back;

      expect(client.getId()).not.toBe(firstId);
      await expect(echoed).resolves.toBe('queued request');
      await waitUntil(() => seen.length === 3, 'the queued events');
      const bothRooms = ['lobby', 'news'];
      expect(seen).toEqual([
        { n: 1, rooms: bothRooms },
        { n: 2, rooms: bothRooms },
        { n: 3, rooms: bothRooms },
      ]);
      expect(second.getRoomMembers('lobby')).toEqual([client.getId()]);
      expect(client.getRooms().sort()).toEqual(bothRooms);
      expect(drained).toEqual([4]);
      expect(client.getQueueSize()).toBe(0);
    });

    it('fires reconnecting with the attempt number before each attempt', async () => {
      const server = await t.start();
      const ports = t.samePorts(server);
      const client = await t.connected(server, {
        reconnectionDelay: 30,
        maxReconnectionDelay: 30,
      });
      const attempts: number[] = [];
      client.on('reconnecting', (attempt) => attempts.push(attempt));
      await stopServer(server);
      await waitUntil(() => attempts.length >= 2, 'two attempts');
      await t.start(ports);
      await nextEvent(client, 'connect');
      expect(attempts.slice(0, 2)).toEqual([1, 2]);
    });
  });

  describe('backoff', () => {
    it('computes delays that grow and stay within the bounds', async () => {
      const port = await freePort();
      const delays: { attempt: number; defaultDelay: number }[] = [];
      const client = createClient(port, {
        mode,
        reconnectionDelay: 10,
        maxReconnectionDelay: 80,
        reconnectionAttempts: 6,
        hooks: { onReconnectDelay: (delay) => void delays.push(delay) },
      });
      const attempts: number[] = [];
      client.on('reconnecting', (attempt) => attempts.push(attempt));
      const failed = nextEvent(client, 'reconnect_failed');
      client.connect();
      await failed;

      expect(attempts).toEqual([1, 2, 3, 4, 5, 6]);
      expect(delays.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
      for (const { attempt, defaultDelay } of delays) {
        expect(defaultDelay).toBeGreaterThanOrEqual(
          computeReconnectDelay(attempt, 10, 80, 0),
        );
        expect(defaultDelay).toBeLessThanOrEqual(
          computeReconnectDelay(attempt, 10, 80, 0.999999),
        );
        expect(defaultDelay).toBeGreaterThanOrEqual(10);
        expect(defaultDelay).toBeLessThanOrEqual(80);
      }
      const firstThree = delays.slice(0, 3).map((d) => d.defaultDelay);
      expect([...firstThree].sort((a, b) => a - b)).toEqual(firstThree);
      expect(client.getState()).toBe('disconnected');
    });

    it('uses customReconnectDelay and lets onReconnectDelay have the last word', async () => {
      const port = await freePort();
      const seen: number[] = [];
      const custom: [number, number, number][] = [];
      const client = createClient(port, {
        mode,
        reconnectionDelay: 5,
        maxReconnectionDelay: 500,
        reconnectionAttempts: 3,
        customReconnectDelay: (attempt, base, max) => {
          custom.push([attempt, base, max]);
          return attempt * 7;
        },
        hooks: {
          onReconnectDelay: ({ defaultDelay }) => {
            seen.push(defaultDelay);
            return 1;
          },
        },
      });
      const failed = nextEvent(client, 'reconnect_failed');
      client.connect();
      await failed;
      expect(custom).toEqual([
        [1, 5, 500],
        [2, 5, 500],
        [3, 5, 500],
      ]);
      expect(seen).toEqual([7, 14, 21]);
    });

    it('gives up at once with reconnectionAttempts 0', async () => {
      const port = await freePort();
      const client = createClient(port, { mode, reconnectionAttempts: 0 });
      const log = recordEvents(client);
      const failed = nextEvent(client, 'reconnect_failed');
      client.connect();
      await failed;
      expect(names(log)).toEqual(['error', 'reconnect_failed']);
    });
  });

  describe('close codes', () => {
    it('reconnects after a 1008 preceded by RATE_LIMITED', async () => {
      const server = await t.start(
        { rateLimit: { maxPoints: 3, windowMs: 60000 } },
        (s) => s.on('x', () => {}),
      );
      const client = await t.connected(server);
      const firstId = client.getId();
      const log = recordEvents(client);
      const back = nextEvent(client, 'connect');
      for (let i = 0; i < 6; i++) client.emit('x', i);
      await back;

      expect(client.getId()).not.toBe(firstId);
      const errors = log.filter(([name]) => name === 'error');
      expect(errors[0]![1]).toMatchObject({ code: 'RATE_LIMITED' });
      const closed = log.find(([name]) => name === 'disconnect');
      expect(closed![1]).toEqual({ code: 1008, reason: 'rate limit exceeded' });
      expect(names(log)).toContain('reconnecting');
    });

    it('reconnects after an abrupt drop (1006)', async () => {
      const server = await t.start();
      const proxy = await startProxy(t.portOf(server));
      const client = createClient(t.urlAt(proxy.port), { mode });
      const connected = nextEvent(client, 'connect');
      client.connect();
      await connected;

      const dropped = nextEvent(client, 'disconnect');
      const back = nextEvent(client, 'connect');
      proxy.cut();
      expect((await dropped)[0]).toMatchObject({ code: 1006 });
      await back;
      expect(client.isConnected()).toBe(true);
    });

    it('reconnects after sending a frame over the server maxFrameSize (1009)', async () => {
      const server = await t.start({ maxFrameSize: 1024 });
      const client = await t.connected(server);
      const firstId = client.getId();
      const dropped = nextEvent(client, 'disconnect');
      const back = nextEvent(client, 'connect');
      client.emit('big', 'x'.repeat(4096));
      expect((await dropped)[0]).toMatchObject({ code: 1009 });
      await back;
      expect(client.getId()).not.toBe(firstId);
    });

    it('drops the link on a server frame over its maxFrameSize (1009) and reconnects', async () => {
      const server = await t.start({}, (s) =>
        s.on('flood', (ctx) => ctx.emit('big', 'x'.repeat(4096))),
      );
      const client = await t.connected(server, { maxFrameSize: 1024 });
      const log = recordEvents(client);
      const dropped = nextEvent(client, 'disconnect');
      const back = nextEvent(client, 'connect');
      client.emit('flood');
      expect((await dropped)[0]).toMatchObject({ code: 1009 });
      await back;
      expect(log[0]).toEqual([
        'error',
        expect.objectContaining({ code: 'ERR_CLIENT_CONNECTION_FAILED' }),
      ]);
    });

    it('stops after a 1008 preceded by REJECTED, with the reason', async () => {
      const server = await t.start({}, (s) =>
        s.use((_ctx, next) => next(new Error('members only'))),
      );
      const client = t.client(server);
      const log = recordEvents(client);
      const rejected = nextEvent(client, 'error');
      client.connect();
      const [error] = await rejected;
      expect(error).toMatchObject({
        code: 'REJECTED',
        message: 'members only',
      });
      await waitUntil(
        () => client.getState() === 'disconnected',
        'the client to stop',
      );
      await sleep(100);
      expect(names(log)).toEqual(['error']);
      expect(server.getStats().totalConnections).toBe(0);
    });

    it('surfaces the middleware idiom ctx.ack("error") as an error event', async () => {
      const server = await t.start({}, (s) =>
        s.use((ctx) => ctx.ack('error', { message: 'Token required' })),
      );
      const client = t.client(server);
      const log = recordEvents(client);
      client.connect();
      await waitUntil(() => log.length >= 2, 'two errors');
      await waitUntil(
        () => client.getState() === 'disconnected',
        'the client to stop',
      );
      expect(log).toEqual([
        [
          'error',
          expect.objectContaining({
            code: 'ERR_CLIENT_SERVER_ERROR',
            message: 'Token required',
            details: { message: 'Token required' },
          }),
        ],
        ['error', expect.objectContaining({ code: 'REJECTED' })],
      ]);
    });

    it.each([
      ['503', { maxConnections: 1 }, 'server full'],
      ['429', { maxConnectionsPerIP: 1 }, 'too many connections'],
    ])(
      'backs off after a %s refusal at admission',
      async (status, limits, tcpReason) => {
        const server = await t.start(limits);
        const first = await t.connected(server);
        const delays: number[] = [];
        const client = t.client(server, {
          reconnectionAttempts: Infinity,
          hooks: {
            onReconnectDelay: ({ defaultDelay }) => {
              delays.push(defaultDelay);
              return 20;
            },
          },
        });
        const refused = nextEvent(client, 'error');
        client.connect();
        const [error] = await refused;
        // WebSocket learns the server's Retry-After; a TCP ERROR frame
        // carries only its reason, and the client backs off as usual.
        const details =
          mode === 'ws'
            ? { status: Number(status), retryAfterMs: 5000 }
            : {
                status: Number(status),
                retryAfterMs: null,
                reason: expect.stringContaining(tcpReason),
              };
        expect(error).toMatchObject({
          code: 'ERR_CLIENT_HANDSHAKE_REFUSED',
          details,
        });
        await waitUntil(() => delays.length > 0, 'the backoff');
        expect(delays[0]).toBeGreaterThanOrEqual(mode === 'ws' ? 5000 : 20);

        const admitted = nextEvent(client, 'connect');
        first.disconnect();
        await admitted;
        expect(server.getClients().map((c) => c.id)).toEqual([client.getId()]);
      },
    );

    it('does not reconnect with reconnection: false', async () => {
      const server = await t.start();
      const client = await t.connected(server, { reconnection: false });
      const log = recordEvents(client);
      await stopServer(server);
      await waitUntil(
        () => client.getState() === 'disconnected',
        'the client to stop',
      );
      await sleep(100);
      expect(names(log)).toEqual(['disconnect']);
    });
  });
});

describe('StelarClient reconnection over ws only', () => {
  it('stops after a 403 handshake', async () => {
    const server = await startServer({
      allowedOrigins: ['https://good.example'],
    });
    const client = createClient(urlOf(server), {
      headers: { Origin: 'https://evil.example' },
    });
    const log = recordEvents(client);
    client.connect();
    await waitUntil(
      () => log.length > 0 && client.getState() === 'disconnected',
      'the refusal',
    );
    await sleep(100);
    expect(log).toEqual([
      [
        'error',
        expect.objectContaining({
          code: 'ERR_CLIENT_HANDSHAKE_REFUSED',
          details: { status: 403, retryAfterMs: null },
        }),
      ],
    ]);
  });
});
