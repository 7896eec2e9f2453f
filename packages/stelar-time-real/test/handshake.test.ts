import { createServer, type Server } from 'node:net';
import { createSelfSignedCertificate } from '@stelar/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IIPTracker } from '../src/index.js';
import { Harness, fetchHttp, tryUpgrade, waitUntil } from './harness.js';

const harness = new Harness();

afterEach(() => harness.close());

/** Listens on a port the system picks, on every address as stelar does. */
async function occupyPort(): Promise<Server> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, resolve));
  harness.defer(() => new Promise((resolve) => blocker.close(resolve)));
  return blocker;
}

describe('WebSocket handshake', () => {
  describe('namespace', () => {
    it('accepts an upgrade on the namespace path, query ignored', async () => {
      const stelar = await harness.server({ namespace: '/realtime' });
      const port = stelar.getPort()!;

      const client = await harness.connect(port, '/realtime?token=abc');

      expect(client.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers 404 to an upgrade outside the namespace', async () => {
      const stelar = await harness.server({ namespace: '/realtime' });
      const port = stelar.getPort()!;

      const outside = await tryUpgrade(port, { path: '/other' });
      const prefix = await tryUpgrade(port, { path: '/realtime/more' });

      expect(outside.status).toBe(404);
      expect(prefix.status).toBe(404);
      expect(stelar.getStats().activeConnections).toBe(0);
    });

    it('accepts every path with the default namespace', async () => {
      const stelar = await harness.server();

      const answer = await tryUpgrade(stelar.getPort()!, { path: '/any/path' });

      expect(answer.status).toBe(101);
    });
  });

  describe('allowedOrigins', () => {
    const allowedOrigins = ['https://app.example.com'];

    it('answers 403 to an Origin not on the list', async () => {
      const stelar = await harness.server({ allowedOrigins });

      const answer = await tryUpgrade(stelar.getPort()!, {
        headers: { Origin: 'https://evil.example.com' },
      });

      expect(answer.status).toBe(403);
    });

    it('matches a listed origin case-insensitively', async () => {
      const stelar = await harness.server({ allowedOrigins });

      const client = await harness.connect(stelar.getPort()!, '/', {
        origin: 'HTTPS://App.Example.com',
      });

      expect(client.isOpen()).toBe(true);
    });

    it('accepts a request without an Origin header', async () => {
      const stelar = await harness.server({ allowedOrigins });

      const client = await harness.connect(stelar.getPort()!);

      expect(stelar.getClients().map((c) => c.id)).toEqual([client.id]);
    });

    it('answers 403 to the origin null unless it is listed', async () => {
      const stelar = await harness.server({ allowedOrigins });
      const headers = { Origin: 'null' };

      const refused = await tryUpgrade(stelar.getPort()!, { headers });
      stelar.updateConfig({ allowedOrigins: [...allowedOrigins, 'null'] });
      const accepted = await tryUpgrade(stelar.getPort()!, { headers });

      expect([refused.status, accepted.status]).toEqual([403, 101]);
    });
  });

  describe('maxConnections', () => {
    it('answers 503 with Retry-After and fires onMaxConnectionsReached', async () => {
      const reached: unknown[] = [];
      const stelar = await harness.server({
        maxConnections: 2,
        hooks: { onMaxConnectionsReached: (info) => void reached.push(info) },
      });
      const port = stelar.getPort()!;
      await harness.connect(port);
      await harness.connect(port);

      const answer = await tryUpgrade(port);

      expect(answer.status).toBe(503);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(reached).toEqual([
        { activeConnections: 2, max: 2, ip: '127.0.0.1' },
      ]);
    });

    it('leaves the stats unchanged after a refusal', async () => {
      const stelar = await harness.server({ maxConnections: 1 });
      const port = stelar.getPort()!;
      await harness.connect(port);
      const before = stelar.getStats();

      const refused = harness.open(`ws://127.0.0.1:${port}`);

      expect(await refused.refused).toBe(503);
      const after = stelar.getStats();
      expect(after.activeConnections).toBe(before.activeConnections);
      expect(after.totalConnections).toBe(before.totalConnections);
      expect(after.wsConnections).toBe(1);
    });

    it('lets a slot freed by a disconnect be used again', async () => {
      const stelar = await harness.server({ maxConnections: 1 });
      const port = stelar.getPort()!;
      const first = await harness.connect(port);
      expect((await tryUpgrade(port)).status).toBe(503);

      first.ws.close();
      await first.closed;
      await waitUntil(
        () => stelar.getStats().activeConnections === 0,
        'the server to see the close',
      );
      const second = await harness.connect(port);

      expect(stelar.getClients().map((c) => c.id)).toEqual([second.id]);
      expect(stelar.getStats().totalConnections).toBe(2);
    });
  });

  describe('maxConnectionsPerIP', () => {
    it('answers 429 with Retry-After once an address holds its share', async () => {
      const stelar = await harness.server({ maxConnectionsPerIP: 2 });
      const port = stelar.getPort()!;
      await harness.connect(port);
      await harness.connect(port);

      const answer = await tryUpgrade(port);

      expect(answer.status).toBe(429);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(stelar.getStats().activeConnections).toBe(2);
    });

    it('counts each address on its own', async () => {
      const stelar = await harness.server({ maxConnectionsPerIP: 1 });
      const port = stelar.getPort()!;
      await harness.connect(port);

      const other = await harness.connect(port, '/', {
        localAddress: '127.0.0.2',
      });

      expect(
        stelar.getClients().find((c) => c.id === other.id)?.remoteAddress,
      ).toBe('127.0.0.2');
    });
  });

  describe('customIPTracker', () => {
    class CountingTracker implements IIPTracker {
      adds = 0;
      removes = 0;
      refuse = false;
      readonly checked: string[] = [];
      check(ip: string): boolean {
        this.checked.push(ip);
        return !this.refuse;
      }
      add(): void {
        this.adds++;
      }
      remove(): void {
        this.removes++;
      }
      getCount(): number {
        return this.adds - this.removes;
      }
      cleanup(): void {}
    }

    it('answers 429 when the tracker refuses, and adds and removes in balance', async () => {
      const tracker = new CountingTracker();
      const stelar = await harness.server({
        customIPTracker: tracker,
        maxConnectionsPerIP: 1,
      });
      const port = stelar.getPort()!;
      const a = await harness.connect(port);
      const b = await harness.connect(port);

      tracker.refuse = true;
      const refused = await tryUpgrade(port);
      const malformed = await tryUpgrade(port, {
        headers: { 'Sec-WebSocket-Version': '12' },
      });
      a.ws.close();
      b.ws.close();
      await Promise.all([a.closed, b.closed]);
      await waitUntil(
        () => stelar.getStats().activeConnections === 0,
        'the server to see both closes',
      );

      expect([refused.status, malformed.status]).toEqual([429, 400]);
      expect(tracker.checked).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
      expect({ adds: tracker.adds, removes: tracker.removes }).toEqual({
        adds: 2,
        removes: 2,
      });
    });
    it('keeps add and remove in balance across rejections and kicks', async () => {
      const tracker = new CountingTracker();
      const stelar = await harness.server({
        customIPTracker: tracker,
        rateLimit: { maxPoints: 1, windowMs: 60_000 },
      });
      stelar.use((ctx, next) => {
        if (ctx.req?.url === '/reject') throw new Error('not you');
        next();
      });
      stelar.on('tick', () => undefined);
      const port = stelar.getPort()!;

      const rejected = harness.open(`ws://127.0.0.1:${port}/reject`);
      const kicked = await harness.connect(port);
      kicked.emit('tick');
      kicked.emit('tick');
      const left = await harness.connect(port);
      left.ws.close();
      const closes = await Promise.all([
        rejected.closed,
        kicked.closed,
        left.closed,
      ]);
      await waitUntil(
        () => tracker.adds === tracker.removes,
        'every add to be matched by a remove',
      );

      expect(closes.map((c) => c.code)).toEqual([1008, 1008, 1005]);
      expect(tracker.adds).toBe(3);
      expect(stelar.getStats().activeConnections).toBe(0);
    });
  });

  describe('malformed requests', () => {
    it('answers 400 to an unsupported Sec-WebSocket-Version', async () => {
      const stelar = await harness.server();

      const answer = await tryUpgrade(stelar.getPort()!, {
        headers: { 'Sec-WebSocket-Version': '12' },
      });

      expect(answer.status).toBe(400);
    });

    it('answers 400 to a request without Sec-WebSocket-Key', async () => {
      const stelar = await harness.server();

      const answer = await tryUpgrade(stelar.getPort()!, {
        headers: { 'Sec-WebSocket-Key': undefined },
      });

      expect(answer.status).toBe(400);
    });

    it('answers 400 to a Sec-WebSocket-Key that is not 16 bytes', async () => {
      const stelar = await harness.server();

      const answer = await tryUpgrade(stelar.getPort()!, {
        headers: { 'Sec-WebSocket-Key': 'c2hvcnQ=' },
      });

      expect(answer.status).toBe(400);
    });

    it('answers 400 to an upgrade with the POST method', async () => {
      const stelar = await harness.server();

      const answer = await tryUpgrade(stelar.getPort()!, { method: 'POST' });

      expect(answer.status).toBe(400);
      expect(stelar.getStats().totalConnections).toBe(0);
    });
  });

  describe('port', () => {
    it('moves to the next free port when the given one is busy', async () => {
      const blocker = await occupyPort();
      const busy = (blocker.address() as { port: number }).port;

      const stelar = await harness.server({ port: busy });

      expect(stelar.getPort()).toBeGreaterThan(busy);
      const client = await harness.connect(stelar.getPort()!);
      expect(client.isOpen()).toBe(true);
    });
  });

  describe('compression', () => {
    it('negotiates permessage-deflate when enabled', async () => {
      const stelar = await harness.server({ compression: true });

      const client = await harness.connect(stelar.getPort()!);

      expect(client.ws.extensions).toContain('permessage-deflate');
    });

    it('negotiates no extension by default', async () => {
      const stelar = await harness.server();

      const client = await harness.connect(stelar.getPort()!);

      expect(client.ws.extensions).toBe('');
    });

    it('delivers a large compressed message intact', async () => {
      const stelar = await harness.server({ compression: true });
      stelar.on('big', (ctx) => ctx.emit('big', ctx.data));
      const client = await harness.connect(stelar.getPort()!);
      const text = 'stelar '.repeat(5000);

      client.emit('big', text);

      expect(
        (await client.next((m) => m.event === 'big', 'the echo')).data,
      ).toBe(text);
    });
  });

  describe('tls', () => {
    let key = '';
    let cert = '';

    beforeAll(() => {
      ({ key, cert } = createSelfSignedCertificate());
    });

    it('serves wss:// with the given certificate', async () => {
      const stelar = await harness.server({ tls: { key, cert } });

      const client = harness.open(`wss://127.0.0.1:${stelar.getPort()}`, {
        rejectUnauthorized: false,
      });
      const id = await client.welcomed();

      expect(stelar.getClients().map((c) => c.id)).toEqual([id]);
    });

    it('serves the health document over https', async () => {
      const stelar = await harness.server({ tls: { key, cert } });

      const answer = await fetchHttp(stelar.getPort()!, {
        path: '/health',
        tls: true,
      });

      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).status).toBe('ok');
    });

    it('refuses a plain ws:// client on a TLS listener', async () => {
      const stelar = await harness.server({ tls: { key, cert } });

      const client = harness.open(`ws://127.0.0.1:${stelar.getPort()}`);
      await client.closed;

      expect(stelar.getStats().totalConnections).toBe(0);
      expect(client.messages).toEqual([]);
    });
  });
});
