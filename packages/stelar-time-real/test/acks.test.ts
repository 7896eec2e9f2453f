import { afterEach, describe, expect, it } from 'vitest';
import { StelarError } from '../src/index.js';
import {
  byEvent,
  cleanup,
  connect,
  delay,
  drain,
  refusal,
  startServer,
} from './helpers.js';

afterEach(cleanup);

describe('requests and acks', () => {
  describe('onAck()', () => {
    it('sends back what a sync handler returns', async () => {
      const server = await startServer();
      server.onAck('sum', (ctx) => {
        const { a, b } = ctx.data as { a: number; b: number };
        return a + b;
      });
      const client = await connect(server);

      const reply = await client.request('sum', { a: 2, b: 3 }, 'sum', 'r1');

      expect(reply.message).toEqual({
        event: 'sum',
        data: 5,
        _isAck: true,
        _correlationId: 'r1',
      });
    });

    it('sends back what an async handler resolves', async () => {
      const server = await startServer();
      server.onAck('slow', async (ctx) => {
        await delay(30);
        return { echoed: ctx.data };
      });
      const client = await connect(server);

      const reply = await client.request('slow', 'x', 'slow');

      expect(reply.data).toEqual({ echoed: 'x' });
      expect(reply.message['error']).toBeUndefined();
    });

    it('goes to the ack handler named like the event when _ackName is absent', async () => {
      const server = await startServer();
      server.onAck('whoami', (ctx) => ctx.id);
      const client = await connect(server);

      const reply = await client.request('whoami', undefined, undefined, 'q');

      expect(reply.event).toBe('whoami');
      expect(reply.data).toBe(client.id);
    });

    it('routes by _ackName and hands the handler the event and data', async () => {
      const server = await startServer();
      const seen: Array<{ event: string; data: unknown }> = [];
      server.onAck('lookup', (ctx) => {
        seen.push({ event: ctx.event, data: ctx.data });
        return 'found';
      });
      const client = await connect(server);

      const reply = await client.request('user.get', { id: 7 }, 'lookup');

      expect(reply.event).toBe('lookup');
      expect(reply.data).toBe('found');
      expect(seen).toEqual([{ event: 'user.get', data: { id: 7 } }]);
    });

    it('replies with an empty data when the handler returns nothing', async () => {
      const server = await startServer();
      server.onAck('noop', () => undefined);
      const client = await connect(server);

      const reply = await client.request('noop', 1, 'noop', 'n1');

      expect(reply.message).toEqual({
        event: 'noop',
        _isAck: true,
        _correlationId: 'n1',
      });
    });

    it('answers a request once, even when the handler also uses ctx.send', async () => {
      const server = await startServer();
      server.onAck('twice', (ctx) => {
        ctx.send('twice', 'first');
        return 'second';
      });
      const client = await connect(server);

      const reply = await client.request('twice', null, 'twice', 't1');
      const rest = await drain(server, client);

      expect(reply.data).toBe('first');
      expect(rest).toEqual([]);
    });

    it('answers a request from ctx.send in an async handler', async () => {
      const server = await startServer();
      server.onAck('later', async (ctx) => {
        await delay(20);
        ctx.send('later', { done: true });
      });
      const client = await connect(server);

      const reply = await client.request('later', null, 'later', 'l1');

      expect(reply.message).toEqual({
        event: 'later',
        data: { done: true },
        _isAck: true,
        _correlationId: 'l1',
      });
    });

    it('uses the last handler registered for a name', async () => {
      const server = await startServer();
      server.onAck('v', () => 1);
      server.onAck('v', () => 2);
      const client = await connect(server);

      const reply = await client.request('v', null, 'v');

      expect(reply.data).toBe(2);
    });
  });

  describe('failures', () => {
    it('sends HANDLER_ERROR with a generic message when the handler throws', async () => {
      const server = await startServer();
      server.onAck('boom', () => {
        throw new Error('db password is hunter2');
      });
      const client = await connect(server);

      const reply = await client.request('boom', null, 'boom', 'b1');
      const error = reply.message['error'] as { code: string; message: string };

      expect(reply.message['_correlationId']).toBe('b1');
      expect(reply.message['_isAck']).toBe(true);
      expect(reply.message).not.toHaveProperty('data');
      expect(error.code).toBe('HANDLER_ERROR');
      expect(typeof error.message).toBe('string');
      expect(error.message).not.toContain('hunter2');
    });

    it('sends HANDLER_ERROR with a generic message when the handler rejects', async () => {
      const server = await startServer();
      server.onAck('reject', async () => {
        await delay(5);
        throw new Error('internal path /srv/secret');
      });
      const client = await connect(server);

      const reply = await client.request('reject', null, 'reject');
      const error = reply.message['error'] as { code: string; message: string };

      expect(error.code).toBe('HANDLER_ERROR');
      expect(error.message).not.toContain('/srv/secret');
    });

    it('sends the code and message of a thrown StelarError', async () => {
      const server = await startServer();
      server.onAck('admin', () => {
        throw new StelarError('NOT_ALLOWED', 'admins only');
      });
      const client = await connect(server);

      const reply = await client.request('admin', null, 'admin', 'a1');

      expect(reply.message).toEqual({
        event: 'admin',
        _isAck: true,
        _correlationId: 'a1',
        error: { code: 'NOT_ALLOWED', message: 'admins only' },
      });
    });

    it('sends the code and message of a StelarError an async handler rejects with', async () => {
      const server = await startServer();
      server.onAck('quota', async () => {
        throw new StelarError('QUOTA', 'quota used up');
      });
      const client = await connect(server);

      const reply = await client.request('quota', null, 'quota');

      expect(reply.message['error']).toEqual({
        code: 'QUOTA',
        message: 'quota used up',
      });
    });

    it('sends HANDLER_ERROR when the handler throws something that is not an Error', async () => {
      const server = await startServer();
      server.onAck('odd', () => {
        throw 'a bare string';
      });
      const client = await connect(server);

      const reply = await client.request('odd', null, 'odd');
      const error = reply.message['error'] as { code: string; message: string };

      expect(error.code).toBe('HANDLER_ERROR');
      expect(error.message).not.toContain('a bare string');
    });

    it('sends NO_HANDLER for an unknown ack name', async () => {
      const server = await startServer();
      const client = await connect(server);

      const reply = await client.request('x', null, 'missing', 'm1');

      expect(reply.event).toBe('missing');
      expect(reply.message['_correlationId']).toBe('m1');
      expect((reply.message['error'] as { code: string }).code).toBe(
        'NO_HANDLER',
      );
    });

    it('answers a request with a malformed ack name with INVALID_EVENT', async () => {
      const server = await startServer();
      const client = await connect(server);

      const reply = await client.request('x', null, 'bad name!', 'i1');

      expect(reply.message['_correlationId']).toBe('i1');
      expect((reply.message['error'] as { code: string }).code).toBe(
        'INVALID_EVENT',
      );
      expect((await client.next(refusal('INVALID_EVENT'))).data).toMatchObject({
        code: 'INVALID_EVENT',
        event: 'x',
      });
    });

    it.each([
      ['a reserved event', { event: 'connect' }, 'INVALID_EVENT'],
      ['a malformed event', { event: 'bad name' }, 'INVALID_EVENT'],
      ['no event', {}, 'INVALID_MESSAGE'],
    ])(
      'answers a request with %s with a failed reply, not only a refusal',
      async (_, fields, code) => {
        const server = await startServer();
        server.onAck('x', () => 'never');
        const client = await connect(server);

        client.send({ ...fields, _ackName: 'x', _correlationId: 'bad-1' });
        const reply = await client.next(
          (m) => m.message['_correlationId'] === 'bad-1',
        );

        expect(reply.message['_isAck']).toBe(true);
        expect(reply.event).toBe('x');
        expect((reply.message['error'] as { code: string }).code).toBe(code);
        expect((await client.next(refusal(code))).data).toMatchObject({ code });
      },
    );

    it('fails a request whose sync result cannot be encoded, without crashing', async () => {
      const server = await startServer();
      server.onAck('big', () => 10n);
      server.onAck('ok', () => 'fine');
      const client = await connect(server);

      const reply = await client.request('big', null, 'big', 'g1');

      expect(reply.message['_correlationId']).toBe('g1');
      expect((reply.message['error'] as { code: string }).code).toBe(
        'HANDLER_ERROR',
      );
      expect((await client.request('ok', null, 'ok')).data).toBe('fine');
    });

    it('fails a request whose async result cannot be encoded, without crashing', async () => {
      const server = await startServer();
      server.onAck('cycle', async () => {
        const value: Record<string, unknown> = {};
        value['self'] = value;
        return value;
      });
      const client = await connect(server);

      const reply = await client.request('cycle', null, 'cycle');

      expect((reply.message['error'] as { code: string }).code).toBe(
        'HANDLER_ERROR',
      );
      expect(client.isOpen).toBe(true);
    });

    it('fails a request whose ctx.send value cannot be encoded', async () => {
      const server = await startServer();
      server.onAck('send-big', (ctx) => {
        ctx.send('send-big', { n: 1n });
      });
      const client = await connect(server);

      const reply = await client.request('send-big', null, 'send-big');

      expect((reply.message['error'] as { code: string }).code).toBe(
        'HANDLER_ERROR',
      );
    });

    it('keeps the connection and the other requests going after a failure', async () => {
      const server = await startServer();
      server.onAck('boom', () => {
        throw new Error('x');
      });
      server.onAck('ok', () => 'fine');
      const client = await connect(server);

      await client.request('boom', null, 'boom');
      const reply = await client.request('ok', null, 'ok');

      expect(reply.data).toBe('fine');
      expect(client.isOpen).toBe(true);
    });
  });

  describe('correlation ids', () => {
    it('echoes a string _correlationId', async () => {
      const server = await startServer();
      server.onAck('echo', (ctx) => ctx.data);
      const client = await connect(server);

      const reply = await client.request('echo', 1, 'echo', 'req-αβγ-42');

      expect(reply.message['_correlationId']).toBe('req-αβγ-42');
    });

    it('echoes a numeric _correlationId of older clients', async () => {
      const server = await startServer();
      server.onAck('echo', (ctx) => ctx.data);
      const client = await connect(server);

      const reply = await client.request('echo', 'n', 'echo', 17);

      expect(reply.message['_correlationId']).toBe(17);
      expect(reply.data).toBe('n');
    });

    it('matches each reply to its request when answers come back out of order', async () => {
      const server = await startServer();
      server.onAck('wait', async (ctx) => {
        await delay(ctx.data as number);
        return ctx.data;
      });
      const client = await connect(server);

      const [slow, fast] = await Promise.all([
        client.request('wait', 60, 'wait', 'slow'),
        client.request('wait', 5, 'wait', 'fast'),
      ]);

      expect(slow.data).toBe(60);
      expect(fast.data).toBe(5);
      expect(client.received.indexOf(fast)).toBeLessThan(
        client.received.indexOf(slow),
      );
    });

    it('refuses a request whose _correlationId is not a string or number', async () => {
      const server = await startServer();
      let called = 0;
      server.onAck('echo', () => {
        called++;
      });
      const client = await connect(server);

      client.send({ event: 'echo', _ackName: 'echo', _correlationId: {} });
      const got = await client.next(refusal('INVALID_MESSAGE'));
      await client.roundTrip();

      expect(got.data).toMatchObject({ event: 'echo' });
      expect(called).toBe(0);
    });
  });

  describe('onAll with requests', () => {
    it('runs onAll after the ack handler of a request', async () => {
      const server = await startServer();
      const order: string[] = [];
      server.onAck('job', () => {
        order.push('ack');
        return 'done';
      });
      server.onAll((ctx) => {
        order.push(`all:${ctx.event}`);
      });
      const client = await connect(server);

      const reply = await client.request('job', null, 'job');

      expect(reply.data).toBe('done');
      expect(order).toEqual(['ack', 'all:job']);
    });
  });

  describe('ctx.ack()', () => {
    it('sends an ack-style message without a correlation id', async () => {
      const server = await startServer();
      server.on('notify', (ctx) => ctx.ack('receipt', { ok: true }));
      const client = await connect(server);

      client.emit('notify');
      const got = await client.next(byEvent('receipt'));

      expect(got.message).toEqual({
        event: 'receipt',
        data: { ok: true },
        _isAck: true,
      });
    });
  });
});
