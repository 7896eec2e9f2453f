import { afterEach, describe, expect, it } from 'vitest';
import type { StelarStats } from '../src/index.js';
import { Harness, fetchHttp, waitUntil } from './harness.js';

const harness = new Harness();

afterEach(() => harness.close());

type HealthDocument = StelarStats & { status: string };

describe('health endpoint', () => {
  describe('GET', () => {
    it('serves status ok with every StelarStats field', async () => {
      const stelar = await harness.server();

      const answer = await fetchHttp(stelar.getPort()!, { path: '/health' });
      const doc = JSON.parse(answer.body) as HealthDocument;

      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(doc).sort()).toEqual(
        [
          'status',
          'totalConnections',
          'activeConnections',
          'totalMessagesReceived',
          'totalMessagesSent',
          'totalRooms',
          'uptime',
          'uptimeSeconds',
          'wsConnections',
          'tcpConnections',
          'memoryMB',
          'memoryUsage',
          'rateLimiterEntries',
          'slowClientDrops',
          'slowClientCloses',
        ].sort(),
      );
      expect(doc.status).toBe('ok');
      expect(Object.keys(doc.memoryUsage).sort()).toEqual([
        'external',
        'heapTotal',
        'heapUsed',
        'rss',
      ]);
    });

    it('counts the connected clients, their rooms and their messages', async () => {
      const stelar = await harness.server();
      const port = stelar.getPort()!;
      const alice = await harness.connect(port);
      const bob = await harness.connect(port);
      const before = JSON.parse(
        (await fetchHttp(port, { path: '/health' })).body,
      ) as HealthDocument;
      alice.emit('join-room', 'lobby');
      bob.emit('join-room', 'lobby');
      bob.emit('join-room', 'kitchen');
      await alice.next((m) => m.event === 'joined-room', 'alice joined');
      await bob.next((m) => m.data === 'kitchen', 'bob joined kitchen');

      const doc = JSON.parse(
        (await fetchHttp(port, { path: '/health' })).body,
      ) as HealthDocument;

      expect(doc).toMatchObject({
        status: 'ok',
        totalConnections: 2,
        activeConnections: 2,
        wsConnections: 2,
        tcpConnections: 0,
        totalRooms: 2,
        totalMessagesReceived: 3,
        rateLimiterEntries: 2,
        slowClientDrops: 0,
        slowClientCloses: 0,
      });
      // Whether the welcome counts as sent is left open; the three
      // joined-room confirmations must.
      expect(doc.totalMessagesSent - before.totalMessagesSent).toBe(3);
    });

    it('reports uptime, memory and departed clients consistently', async () => {
      const stelar = await harness.server();
      const port = stelar.getPort()!;
      const client = await harness.connect(port);
      client.ws.close();
      await client.closed;
      await waitUntil(
        () => stelar.getStats().activeConnections === 0,
        'the server to see the close',
      );

      const doc = JSON.parse(
        (await fetchHttp(port, { path: '/health' })).body,
      ) as HealthDocument;

      expect(doc.totalConnections).toBe(1);
      expect(doc.activeConnections).toBe(0);
      expect(doc.wsConnections).toBe(0);
      expect(doc.uptime).toBeGreaterThanOrEqual(0);
      expect(doc.uptimeSeconds).toBe(Math.floor(doc.uptime / 1000));
      expect(doc.memoryMB).toBe(Math.round(doc.memoryMB * 100) / 100);
      expect(doc.memoryMB).toBeGreaterThan(0);
      expect(doc.memoryUsage.heapUsed).toBeGreaterThan(0);
      expect(doc.memoryUsage.rss).toBeGreaterThanOrEqual(
        doc.memoryUsage.heapUsed,
      );
    });

    it('ignores the query string', async () => {
      const stelar = await harness.server();

      const answer = await fetchHttp(stelar.getPort()!, {
        path: '/health?probe=liveness&x=1',
      });

      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).status).toBe('ok');
    });

    it('serves a custom healthEndpoint path and not the default one', async () => {
      const stelar = await harness.server({ healthEndpoint: '/status/live' });
      const port = stelar.getPort()!;

      const custom = await fetchHttp(port, { path: '/status/live' });
      const fallback = await fetchHttp(port, { path: '/health' });

      expect(JSON.parse(custom.body).status).toBe('ok');
      expect(fallback.status).toBe(404);
    });
  });

  describe('HEAD', () => {
    it('answers 200 with the headers and no body', async () => {
      const stelar = await harness.server();

      const answer = await fetchHttp(stelar.getPort()!, {
        method: 'HEAD',
        path: '/health',
      });

      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.body).toBe('');
    });
  });

  describe('CORS', () => {
    const allowedOrigins = ['https://app.example.com'];

    it('allows every origin without allowedOrigins', async () => {
      const stelar = await harness.server();

      const answer = await fetchHttp(stelar.getPort()!, {
        path: '/health',
        headers: { Origin: 'https://anywhere.example.com' },
      });

      expect(answer.headers['access-control-allow-origin']).toBe('*');
    });

    it('echoes a listed origin', async () => {
      const stelar = await harness.server({ allowedOrigins });

      const answer = await fetchHttp(stelar.getPort()!, {
        path: '/health',
        headers: { Origin: 'https://app.example.com' },
      });

      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe(
        'https://app.example.com',
      );
    });

    it('adds no Access-Control-Allow-Origin for an unlisted origin', async () => {
      const stelar = await harness.server({ allowedOrigins });

      const answer = await fetchHttp(stelar.getPort()!, {
        path: '/health',
        headers: { Origin: 'https://evil.example.com' },
      });

      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.headers.vary).toBe('Origin');
    });

    it('follows allowedOrigins changed at runtime', async () => {
      const stelar = await harness.server({ allowedOrigins });
      const origin = 'https://admin.example.com';

      stelar.updateConfig({ allowedOrigins: [origin] });
      const answer = await fetchHttp(stelar.getPort()!, {
        path: '/health',
        headers: { Origin: origin },
      });

      expect(answer.headers['access-control-allow-origin']).toBe(origin);
    });

    it('answers an OPTIONS preflight with 204', async () => {
      const stelar = await harness.server({ allowedOrigins });

      const answer = await fetchHttp(stelar.getPort()!, {
        method: 'OPTIONS',
        path: '/health',
        headers: {
          Origin: 'https://app.example.com',
          'Access-Control-Request-Method': 'GET',
        },
      });

      expect(answer.status).toBe(204);
      expect(answer.body).toBe('');
      expect(answer.headers['access-control-allow-origin']).toBe(
        'https://app.example.com',
      );
      expect(answer.headers['access-control-allow-methods']).toContain('GET');
    });
  });

  describe('healthEndpoint: false', () => {
    it('answers 404 on /health', async () => {
      const stelar = await harness.server({ healthEndpoint: false });

      const answer = await fetchHttp(stelar.getPort()!, { path: '/health' });

      expect(answer.status).toBe(404);
    });
  });

  describe('customHealthHandler', () => {
    it('answers with the custom handler given the current stats', async () => {
      const seen: StelarStats[] = [];
      const stelar = await harness.server({
        customHealthHandler: (req, res, stats) => {
          seen.push(stats);
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`custom ${req.url} ${stats.activeConnections}`);
        },
      });
      const port = stelar.getPort()!;
      await harness.connect(port);

      const answer = await fetchHttp(port, { path: '/health?deep=1' });

      expect(answer.status).toBe(200);
      expect(answer.body).toBe('custom /health?deep=1 1');
      expect(seen.map((s) => s.totalConnections)).toEqual([1]);
    });

    it('answers 500 JSON when the handler throws and keeps serving', async () => {
      let calls = 0;
      const stelar = await harness.server({
        customHealthHandler: (_req, res) => {
          calls++;
          if (calls === 1) throw new Error('probe exploded');
          res.end('recovered');
        },
      });
      const port = stelar.getPort()!;

      const failed = await fetchHttp(port, { path: '/health' });
      const next = await fetchHttp(port, { path: '/health' });
      const client = await harness.connect(port);

      expect(failed.status).toBe(500);
      expect(failed.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(failed.body)).toMatchObject({ status: 'error' });
      expect(failed.body).not.toContain('probe exploded');
      expect(next.body).toBe('recovered');
      expect(client.isOpen()).toBe(true);
    });

    it('answers 500 JSON when an async handler rejects', async () => {
      const stelar = await harness.server({
        customHealthHandler: async () => {
          throw new Error('async probe failed');
        },
      });
      const port = stelar.getPort()!;

      const failed = await fetchHttp(port, { path: '/health' });
      const other = await fetchHttp(port, { path: '/elsewhere' });

      expect(failed.status).toBe(500);
      expect(JSON.parse(failed.body).status).toBe('error');
      expect(other.status).toBe(404);
    });
  });

  describe('other requests', () => {
    it('answers 404 to other paths on a server stelar created', async () => {
      const stelar = await harness.server();
      const port = stelar.getPort()!;

      const root = await fetchHttp(port, { path: '/' });
      const post = await fetchHttp(port, { method: 'POST', path: '/api' });
      const near = await fetchHttp(port, { path: '/healthz' });

      expect([root.status, post.status, near.status]).toEqual([404, 404, 404]);
    });

    it('answers 405 to a POST on the health path', async () => {
      const stelar = await harness.server();

      const answer = await fetchHttp(stelar.getPort()!, {
        method: 'POST',
        path: '/health',
      });

      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD, OPTIONS');
    });
  });
});
