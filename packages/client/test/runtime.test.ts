import { afterEach, describe, expect, it } from 'vitest';
import { StelarClient, isStelarError } from '../src/index.node.js';
import {
  cleanup,
  connectedClient,
  createClient,
  nextEvent,
  startServer,
  urlOf,
  waitUntil,
} from './helpers.js';

afterEach(cleanup);

describe('StelarClient runtime', () => {
  describe('constructor', () => {
    it('accepts mode "tcp" in Node.js, with a tcp:// URL', () => {
      const client = new StelarClient(3000, { mode: 'tcp' });
      expect(client.getUrl()).toBe('tcp://localhost:3000');
      expect(client.getState()).toBe('disconnected');
    });

    it('names every bad option in one ERR_OPTIONS_INVALID', () => {
      let caught: unknown;
      try {
        new StelarClient(3000, {
          ackTimeout: -1,
          messageQueueSize: 'big',
          unknownOption: true,
        } as never);
      } catch (error) {
        caught = error;
      }
      expect(isStelarError(caught)).toBe(true);
      expect(caught).toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
      const paths = (caught as { details: { path: string }[] }).details.map(
        (issue) => issue.path,
      );
      expect(paths).toEqual(['ackTimeout', 'messageQueueSize', '(root)']);
    });

    it('refuses a URL it cannot use with ERR_CLIENT_URL_INVALID', () => {
      expect(() => new StelarClient('ftp://host')).toThrow(
        expect.objectContaining({ code: 'ERR_CLIENT_URL_INVALID' }),
      );
    });
  });

  describe('updateOptions() and getOptions()', () => {
    it('changes options at runtime, validated like the constructor', () => {
      const client = createClient(1, { ackTimeout: 100 });
      client.updateOptions({ ackTimeout: 200, tls: true });
      expect(client.getOptions()).toMatchObject({ ackTimeout: 200, tls: true });
      expect(client.getUrl()).toBe('wss://localhost:1/');
      expect(Object.isFrozen(client.getOptions())).toBe(true);
      expect(() => client.updateOptions({ ackTimeout: 0 })).toThrow(
        expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }),
      );
      expect(() =>
        client.updateOptions({ mode: 'tcp', headers: { a: 'b' } }),
      ).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
      expect(client.getOptions().ackTimeout).toBe(200);
      client.updateOptions({ mode: 'tcp' });
      expect(client.getUrl()).toBe('tls://localhost:1');
    });

    it('applies a new ackTimeout to the next request', async () => {
      const server = await startServer({}, (s) =>
        s.onAck('slow', () => new Promise(() => {})),
      );
      const client = await connectedClient(server, { ackTimeout: 5000 });
      client.updateOptions({ ackTimeout: 20 });
      await expect(client.request('slow')).rejects.toMatchObject({
        code: 'TIMEOUT',
      });
    });
  });

  describe('listeners', () => {
    it('supports once, off, onAll, offAll and removeAllListeners', async () => {
      const server = await startServer({}, (s) =>
        s.on('ping-me', (ctx) => ctx.emit('note', ctx.data)),
      );
      const client = await connectedClient(server);
      const calls: string[] = [];
      const kept = (n: number) => calls.push(`on:${n}`);
      const removed = (n: number) => calls.push(`off:${n}`);
      const all = (event: string, n: number) => calls.push(`all:${event}:${n}`);
      client.on('note', kept);
      client.on('note', removed);
      client.off('note', removed);
      client.once('note', (n: number) => calls.push(`once:${n}`));
      client.onAll(all);

      client.emit('ping-me', 1);
      await waitUntil(() => calls.length === 3, 'the first note');
      client.offAll(all);
      client.emit('ping-me', 2);
      await waitUntil(() => calls.length === 4, 'the second note');
      expect(calls).toEqual(['on:1', 'once:1', 'all:note:1', 'on:2']);

      client.removeAllListeners();
      client.emit('ping-me', 3);
      await client.request('missing').catch(() => {});
      expect(calls).toHaveLength(4);
    });

    it('refuses a listener that is not a function', () => {
      const client = createClient(1);
      expect(() => client.on('x', 'nope' as never)).toThrow(
        expect.objectContaining({ code: 'ERR_CLIENT_LISTENER_INVALID' }),
      );
    });

    it('contains a failing listener and reports it through onError', async () => {
      const server = await startServer({}, (s) =>
        s.on('ping-me', (ctx) => ctx.emit('note', ctx.data)),
      );
      const failures: { error: unknown; context: string }[] = [];
      const client = await connectedClient(server, {
        hooks: { onError: (failure) => failures.push(failure) },
      });
      const boom = new Error('listener bug');
      const after: unknown[] = [];
      client.on('note', () => {
        throw boom;
      });
      client.on('note', async () => {
        throw new Error('async bug');
      });
      client.on('note', (n) => after.push(n));
      client.emit('ping-me', 7);
      await waitUntil(() => failures.length === 2, 'both failures');
      expect(after).toEqual([7]);
      expect(failures[0]).toEqual({ error: boom, context: 'listener "note"' });
      expect(client.isConnected()).toBe(true);
    });

    it('contains a failing hook and keeps going', async () => {
      const server = await startServer({}, (s) => s.on('x', () => {}));
      const failures: string[] = [];
      const client = await connectedClient(server, {
        hooks: {
          onBeforeEmit: () => {
            throw new Error('hook bug');
          },
          onError: ({ context }) => failures.push(context),
        },
      });
      expect(client.emit('x', 1)).toBe(true);
      expect(failures).toEqual(['hook onBeforeEmit']);
    });
  });

  describe('size limits', () => {
    it('drops a message over maxPayloadSize and keeps the connection', async () => {
      const server = await startServer();
      const client = await connectedClient(server, { maxPayloadSize: 100 });
      const heard: unknown[] = [];
      client.on('big', (data) => heard.push(data));
      client.on('small', (data) => heard.push(data));
      const failed = nextEvent(client, 'error');
      server.broadcast('big', 'x'.repeat(200));
      server.broadcast('small', 'ok');
      const [error] = await failed;
      expect(error).toMatchObject({
        code: 'ERR_CLIENT_PAYLOAD_TOO_LARGE',
        details: { max: 100 },
      });
      await waitUntil(() => heard.length === 1, 'the small message');
      expect(heard).toEqual(['ok']);
      expect(client.isConnected()).toBe(true);
    });

    it('closes with 1009 on a frame over maxFrameSize, then reconnects', async () => {
      const server = await startServer();
      const client = await connectedClient(server, { maxFrameSize: 100 });
      const dropped = nextEvent(client, 'disconnect');
      const failed = nextEvent(client, 'error');
      const back = nextEvent(client, 'connect');
      server.broadcast('big', 'x'.repeat(200));
      expect((await dropped)[0]).toMatchObject({ code: 1009 });
      expect((await failed)[0]).toMatchObject({
        code: 'ERR_CLIENT_CONNECTION_FAILED',
        cause: { code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' },
      });
      await back;
    });
  });

  describe('logger', () => {
    it('writes to a given Logger with fields first', async () => {
      const lines: [string, unknown, string | undefined][] = [];
      const at =
        (level: string) =>
        (fields: unknown, message?: string): void => {
          lines.push([level, fields, message]);
        };
      const server = await startServer();
      const client = createClient(urlOf(server), {
        logger: {
          debug: at('debug'),
          info: at('info'),
          warn: at('warn'),
          error: at('error'),
        },
      });
      const connected = nextEvent(client, 'connect');
      client.connect();
      await connected;
      expect(lines).toContainEqual([
        'debug',
        { clientId: client.getId() },
        'connected',
      ]);
    });
  });
});
