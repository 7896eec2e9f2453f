import { afterEach, describe, expect, it } from 'vitest';
import {
  MODES,
  ServerError,
  cleanup,
  nextEvent,
  stopServer,
  transport,
  waitUntil,
} from './helpers.js';

afterEach(cleanup);

describe.each(MODES)('StelarClient messaging over %s', (mode) => {
  const t = transport(mode);

  describe('request()', () => {
    it('resolves with the data of the ack handler named like the event', async () => {
      const server = await t.start({}, (s) =>
        s.onAck('sum', (ctx) => (ctx.data as number[]).reduce((a, b) => a + b)),
      );
      const client = await t.connected(server);
      await expect(client.request('sum', [1, 2, 3])).resolves.toBe(6);
    });

    it('sends the shape of PROTOCOL.md and uses ackName when given', async () => {
      const seen: unknown[] = [];
      const server = await t.start({}, (s) => {
        s.onAll((ctx) => {
          seen.push({ event: ctx.event, data: ctx.data });
        });
        s.onAck('lookup', async (ctx) => `found ${String(ctx.data)}`);
      });
      const client = await t.connected(server);
      await expect(client.request('user.get', 42, 'lookup')).resolves.toBe(
        'found 42',
      );
      expect(seen).toEqual([{ event: 'user.get', data: 42 }]);
    });

    it('rejects with the code of a StelarError thrown by the handler', async () => {
      const server = await t.start({}, (s) =>
        s.onAck('pay', () => {
          throw new ServerError('INSUFFICIENT_FUNDS', 'balance too low');
        }),
      );
      const client = await t.connected(server);
      await expect(client.request('pay', 10)).rejects.toMatchObject({
        name: 'StelarError',
        code: 'INSUFFICIENT_FUNDS',
        message: 'balance too low',
      });
    });

    it('rejects with HANDLER_ERROR and NO_HANDLER', async () => {
      const server = await t.start({}, (s) =>
        s.onAck('broken', () => {
          throw new Error('internal detail');
        }),
      );
      const client = await t.connected(server);
      await expect(client.request('broken')).rejects.toMatchObject({
        code: 'HANDLER_ERROR',
      });
      await expect(client.request('missing')).rejects.toMatchObject({
        code: 'NO_HANDLER',
      });
    });

    it('rejects with TIMEOUT after ackTimeout', async () => {
      const server = await t.start({}, (s) =>
        s.onAck('slow', () => new Promise(() => {})),
      );
      const client = await t.connected(server, { ackTimeout: 50 });
      const started = Date.now();
      await expect(client.request('slow')).rejects.toMatchObject({
        code: 'TIMEOUT',
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    });

    it('rejects every pending request at once with DISCONNECTED on a drop', async () => {
      let received = 0;
      const server = await t.start({}, (s) =>
        s.onAck('slow', () => {
          received++;
          return new Promise(() => {});
        }),
      );
      const client = await t.connected(server, { ackTimeout: 10000 });
      const pending = [client.request('slow', 1), client.request('slow', 2)];
      await waitUntil(() => received === 2, 'the requests to arrive');

      const settled = Promise.allSettled(pending);
      const started = Date.now();
      const stopped = stopServer(server);
      const results = await settled;
      expect(Date.now() - started).toBeLessThan(1000);
      await stopped;
      expect(results).toEqual([
        {
          status: 'rejected',
          reason: expect.objectContaining({ code: 'DISCONNECTED' }),
        },
        {
          status: 'rejected',
          reason: expect.objectContaining({ code: 'DISCONNECTED' }),
        },
      ]);
    });

    it('rejects malformed or reserved names at once, sending nothing', async () => {
      const server = await t.start();
      const client = await t.connected(server);
      await expect(client.request('bad name')).rejects.toMatchObject({
        code: 'INVALID_EVENT',
      });
      await expect(client.request('x', 1, 'stelar:ack')).rejects.toMatchObject({
        code: 'INVALID_EVENT',
      });
      expect(client.getMessagesSent()).toBe(0);
    });

    it('rejects data JSON cannot carry with ERR_CLIENT_DATA_INVALID', async () => {
      const server = await t.start();
      const client = await t.connected(server);
      const circular: Record<string, unknown> = {};
      circular['self'] = circular;
      await expect(client.request('x', circular)).rejects.toMatchObject({
        code: 'ERR_CLIENT_DATA_INVALID',
      });
      await expect(client.request('x', 10n)).rejects.toMatchObject({
        code: 'ERR_CLIENT_DATA_INVALID',
      });
    });
  });

  describe('emit()', () => {
    it('delivers events both ways, with several listeners per event', async () => {
      const received: unknown[] = [];
      const server = await t.start({}, (s) =>
        s.on('chat', (ctx) => {
          received.push(ctx.data);
          ctx.emit('chat', `echo ${String(ctx.data)}`);
        }),
      );
      const client = await t.connected(server);
      const heard: string[] = [];
      client.on('chat', (text) => heard.push(`a:${text}`));
      client.on('chat', (text) => heard.push(`b:${text}`));
      expect(client.emit('chat', 'hi')).toBe(true);
      await waitUntil(() => heard.length === 2, 'the echo');
      expect(received).toEqual(['hi']);
      expect(heard).toEqual(['a:echo hi', 'b:echo hi']);
    });

    it('sends an event with no data instead of dropping it', async () => {
      const received: unknown[] = [];
      const server = await t.start({}, (s) =>
        s.on('tick', (ctx) => {
          received.push(ctx.data);
        }),
      );
      const client = await t.connected(server);
      client.emit('tick');
      client.emit('tick', null);
      await waitUntil(() => received.length === 2, 'both ticks');
      expect(received).toEqual([undefined, null]);
    });

    it('hears an event the server sent without data as undefined', async () => {
      const server = await t.start({}, (s) =>
        s.on('poke', (ctx) => {
          ctx.emit('tick');
          ctx.emit('tick', null);
        }),
      );
      const client = await t.connected(server);
      const heard: unknown[] = [];
      client.on('tick', (data) => heard.push(data));
      client.emit('poke');
      await waitUntil(() => heard.length === 2, 'both ticks');
      expect(heard).toEqual([undefined, null]);
    });

    it('throws INVALID_EVENT for a reserved or malformed name', async () => {
      const server = await t.start();
      const client = await t.connected(server);
      for (const name of ['connect', 'stelar:x', 'has space', '']) {
        expect(() => client.emit(name, 1)).toThrow(
          expect.objectContaining({ code: 'INVALID_EVENT' }),
        );
      }
    });

    it('lets onBeforeEmit cancel an emit and a request', async () => {
      const received: unknown[] = [];
      const server = await t.start({}, (s) =>
        s.on('chat', (ctx) => {
          received.push(ctx.data);
        }),
      );
      const client = await t.connected(server, {
        hooks: { onBeforeEmit: ({ data }) => data !== 'secret' },
      });
      expect(client.emit('chat', 'secret')).toBe(false);
      expect(client.emit('chat', 'public')).toBe(true);
      await expect(client.request('chat', 'secret')).rejects.toMatchObject({
        code: 'ERR_CLIENT_EMIT_CANCELLED',
      });
      await waitUntil(() => received.length === 1, 'the public message');
      expect(received).toEqual(['public']);
    });
  });

  describe('onAck()', () => {
    it('hears ack-style messages that answer no request, apart from events', async () => {
      const server = await t.start({}, (s) =>
        s.onConnection((ctx) => ctx.ack('greeting', { hello: ctx.id })),
      );
      const client = t.client(server);
      const acks: unknown[] = [];
      const events: unknown[] = [];
      client.onAck('greeting', (data) => acks.push(data));
      client.on('greeting', (data) => events.push(data));
      const connected = nextEvent(client, 'connect');
      client.connect();
      await connected;
      await waitUntil(() => acks.length === 1, 'the ack');
      expect(acks).toEqual([{ hello: client.getId() }]);
      expect(events).toEqual([]);
    });
  });

  describe('the error event', () => {
    it('reports a message over maxPayloadSize, dropped, and keeps the link', async () => {
      const server = await t.start({}, (s) =>
        s.on('send', (ctx) => {
          ctx.emit('big', 'x'.repeat(2048));
          ctx.emit('small', 'ok');
        }),
      );
      const client = await t.connected(server, { maxPayloadSize: 1024 });
      const big: unknown[] = [];
      client.on('big', (data) => big.push(data));
      const failed = nextEvent(client, 'error');
      const small = new Promise((resolve) => client.on('small', resolve));
      client.emit('send');
      const [error] = await failed;
      expect(error).toMatchObject({ code: 'ERR_CLIENT_PAYLOAD_TOO_LARGE' });
      await expect(small).resolves.toBe('ok');
      expect(big).toEqual([]);
      expect(client.isConnected()).toBe(true);
    });

    it('surfaces a stelar:error refusal with its code', async () => {
      const server = await t.start();
      const client = await t.connected(server);
      const failed = nextEvent(client, 'error');
      client.emit('nobody-listens', 1);
      const [error] = await failed;
      expect(error).toMatchObject({
        code: 'NO_HANDLER',
        details: { event: 'nobody-listens' },
      });
      expect(client.getLastError()).toBe(error);
    });
  });
});
