import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, StelarStats } from '@stelar/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createHealthHandler,
  type HealthHandlerOptions,
} from '../src/index.js';

const STATS: StelarStats = {
  totalConnections: 12,
  activeConnections: 3,
  totalMessagesReceived: 40,
  totalMessagesSent: 55,
  totalRooms: 2,
  uptime: 61_500,
  uptimeSeconds: 61,
  wsConnections: 2,
  tcpConnections: 1,
  memoryMB: 21.37,
  memoryUsage: { heapUsed: 1, heapTotal: 2, rss: 3, external: 4 },
  rateLimiterEntries: 5,
  slowClientDrops: 0,
  slowClientCloses: 0,
};

const REQUEST_TIMEOUT_MS = 2000;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: Server[] = [];

afterEach(async () => {
  const open = servers.splice(0);
  await Promise.all(
    open.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

function recordingLogger(): Logger {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

/** Starts a server that tries the health handler first, then answers 404. */
async function startServer(
  overrides: Partial<HealthHandlerOptions> = {},
): Promise<string> {
  const handle = createHealthHandler({
    path: '/health',
    getStats: () => STATS,
    getAllowedOrigins: () => null,
    logger: recordingLogger(),
    ...overrides,
  });
  const server = createServer((req, res) => {
    if (handle(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  servers.push(server);

  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** One request on a fresh connection, with a bounded wait. */
function send(
  url: string,
  method = 'GET',
  headers: OutgoingHttpHeaders = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers, agent: false, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('createHealthHandler()', () => {
  describe('GET and HEAD', () => {
    it('serves the stats with status ok as JSON', async () => {
      const base = await startServer();

      const answer = await send(`${base}/health`);

      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe(
        'application/json; charset=utf-8',
      );
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.headers['content-length']).toBe(
        String(Buffer.byteLength(answer.body)),
      );
      expect(JSON.parse(answer.body)).toEqual({ status: 'ok', ...STATS });
    });

    it('reads the stats afresh on every request', async () => {
      let activeConnections = 1;
      const base = await startServer({
        getStats: () => ({ ...STATS, activeConnections }),
      });

      const first = await send(`${base}/health`);
      activeConnections = 7;
      const second = await send(`${base}/health`);

      expect(JSON.parse(first.body).activeConnections).toBe(1);
      expect(JSON.parse(second.body).activeConnections).toBe(7);
    });

    it('answers HEAD with the same headers and no body', async () => {
      const base = await startServer();

      const get = await send(`${base}/health`);
      const head = await send(`${base}/health`, 'HEAD');

      expect(head.status).toBe(200);
      expect(head.body).toBe('');
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers['cache-control']).toBe('no-store');
      expect(head.headers['content-length']).toBe(
        get.headers['content-length'],
      );
    });

    it('ignores the query string', async () => {
      const base = await startServer();

      const answer = await send(`${base}/health?probe=liveness&x=1`);

      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ status: 'ok', ...STATS });
    });

    it('serves on the configured path only', async () => {
      const base = await startServer({ path: '/status/live' });

      const custom = await send(`${base}/status/live`);
      const health = await send(`${base}/health`);

      expect(custom.status).toBe(200);
      expect(health.status).toBe(404);
    });
  });

  describe('other paths', () => {
    it('returns false and leaves the response to the caller', async () => {
      const base = await startServer();

      for (const path of ['/', '/healthz', '/health/', '/other?x=/health']) {
        const answer = await send(`${base}${path}`, 'GET', {
          origin: 'https://app.example.com',
        });

        expect(answer.status).toBe(404);
        expect(answer.body).toBe('not found');
        expect(answer.headers['content-type']).toBe('text/plain');
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
        expect(answer.headers['cache-control']).toBeUndefined();
      }
    });

    it('does not read the stats for another path', async () => {
      const getStats = vi.fn(() => STATS);
      const base = await startServer({ getStats });

      const answer = await send(`${base}/elsewhere`);

      expect(answer.status).toBe(404);
      expect(getStats).not.toHaveBeenCalled();
    });
  });

  describe('OPTIONS', () => {
    it('answers a preflight with 204 and the CORS headers', async () => {
      const base = await startServer();

      const answer = await send(`${base}/health`, 'OPTIONS', {
        origin: 'https://app.example.com',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-probe, authorization',
      });

      expect(answer.status).toBe(204);
      expect(answer.body).toBe('');
      expect(answer.headers['access-control-allow-methods']).toBe(
        'GET, HEAD, OPTIONS',
      );
      expect(answer.headers['access-control-allow-headers']).toBe(
        'x-probe, authorization',
      );
      expect(answer.headers['access-control-max-age']).toBe('600');
      expect(answer.headers['access-control-allow-origin']).toBe('*');
    });

    it('omits Allow-Headers when none are requested', async () => {
      const base = await startServer();

      const answer = await send(`${base}/health`, 'OPTIONS', {
        origin: 'https://app.example.com',
        'access-control-request-method': 'GET',
      });

      expect(answer.status).toBe(204);
      expect(answer.headers['access-control-allow-headers']).toBeUndefined();
    });

    it('grants a preflight only to a listed origin', async () => {
      const base = await startServer({
        getAllowedOrigins: () => ['https://app.example.com'],
      });

      const listed = await send(`${base}/health`, 'OPTIONS', {
        origin: 'https://app.example.com',
      });
      const unlisted = await send(`${base}/health`, 'OPTIONS', {
        origin: 'https://evil.example.com',
      });

      expect(listed.status).toBe(204);
      expect(listed.headers['access-control-allow-origin']).toBe(
        'https://app.example.com',
      );
      expect(unlisted.status).toBe(204);
      expect(unlisted.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('CORS', () => {
    const LISTED = ['https://app.example.com', 'https://admin.example.com'];

    it('allows every origin with * when no list is set', async () => {
      const base = await startServer({ getAllowedOrigins: () => undefined });

      const answer = await send(`${base}/health`, 'GET', {
        origin: 'https://anywhere.example',
      });

      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      expect(answer.headers.vary).toBeUndefined();
    });

    it('echoes a listed origin and varies on Origin', async () => {
      const base = await startServer({ getAllowedOrigins: () => LISTED });

      const answer = await send(`${base}/health`, 'GET', {
        origin: 'https://admin.example.com',
      });

      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe(
        'https://admin.example.com',
      );
      expect(answer.headers.vary).toBe('Origin');
    });

    it('echoes the origin as the browser spelled it', async () => {
      const base = await startServer({
        getAllowedOrigins: () => ['HTTPS://APP.EXAMPLE.COM'],
      });

      const answer = await send(`${base}/health`, 'GET', {
        origin: 'https://app.example.com',
      });

      expect(answer.headers['access-control-allow-origin']).toBe(
        'https://app.example.com',
      );
    });

    it('serves an unlisted origin without an allow header', async () => {
      const base = await startServer({ getAllowedOrigins: () => LISTED });

      const answer = await send(`${base}/health`, 'GET', {
        origin: 'https://evil.example.com',
      });

      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ status: 'ok', ...STATS });
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.headers.vary).toBe('Origin');
    });

    it('serves a request without Origin without an allow header', async () => {
      const base = await startServer({ getAllowedOrigins: () => LISTED });

      const answer = await send(`${base}/health`);

      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('follows a list that changes at runtime', async () => {
      let allowed: string[] | null = ['https://app.example.com'];
      const base = await startServer({ getAllowedOrigins: () => allowed });
      const origin = { origin: 'https://new.example.com' };

      const before = await send(`${base}/health`, 'GET', origin);
      allowed = ['https://app.example.com', 'https://new.example.com'];
      const added = await send(`${base}/health`, 'GET', origin);
      allowed = null;
      const opened = await send(`${base}/health`, 'GET', origin);

      expect(before.headers['access-control-allow-origin']).toBeUndefined();
      expect(added.headers['access-control-allow-origin']).toBe(
        'https://new.example.com',
      );
      expect(opened.headers['access-control-allow-origin']).toBe('*');
    });
  });

  describe('other methods', () => {
    it('answers 405 with Allow and a JSON error', async () => {
      const base = await startServer();

      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const answer = await send(`${base}/health`, method, {
          origin: 'https://app.example.com',
        });

        expect(answer.status).toBe(405);
        expect(answer.headers.allow).toBe('GET, HEAD, OPTIONS');
        expect(answer.headers['content-type']).toBe(
          'application/json; charset=utf-8',
        );
        expect(answer.headers['access-control-allow-origin']).toBe('*');
        expect(JSON.parse(answer.body)).toEqual({
          status: 'error',
          error: 'method not allowed',
        });
      }
    });

    it('does not call the custom handler', async () => {
      const customHealthHandler = vi.fn();
      const base = await startServer({ customHealthHandler });

      const answer = await send(`${base}/health`, 'POST');

      expect(answer.status).toBe(405);
      expect(customHealthHandler).not.toHaveBeenCalled();
    });
  });

  describe('customHealthHandler', () => {
    it('replaces the built-in answer and receives the stats', async () => {
      const seen: StelarStats[] = [];
      const base = await startServer({
        customHealthHandler: (_req, res, stats) => {
          seen.push(stats);
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`up ${stats.activeConnections}`);
        },
      });

      const answer = await send(`${base}/health?deep=1`);

      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/plain');
      expect(answer.body).toBe('up 3');
      expect(seen).toEqual([STATS]);
    });

    it('sets the CORS headers before calling the handler', async () => {
      const seenOrigins: unknown[] = [];
      const base = await startServer({
        getAllowedOrigins: () => ['https://app.example.com'],
        customHealthHandler: (_req, res) => {
          seenOrigins.push(res.getHeader('access-control-allow-origin'));
          res.end('ok');
        },
      });

      const answer = await send(`${base}/health`, 'GET', {
        origin: 'https://app.example.com',
      });

      expect(seenOrigins).toEqual(['https://app.example.com']);
      expect(answer.headers['access-control-allow-origin']).toBe(
        'https://app.example.com',
      );
      expect(answer.headers.vary).toBe('Origin');
    });

    it('awaits an async handler', async () => {
      const base = await startServer({
        customHealthHandler: async (_req, res, stats) => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ healthy: stats.totalRooms > 0 }));
        },
      });

      const answer = await send(`${base}/health`);

      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ healthy: true });
    });

    it('is also used for HEAD', async () => {
      const methods: unknown[] = [];
      const base = await startServer({
        customHealthHandler: (req, res) => {
          methods.push(req.method);
          res.writeHead(204).end();
        },
      });

      const answer = await send(`${base}/health`, 'HEAD');

      expect(answer.status).toBe(204);
      expect(methods).toEqual(['HEAD']);
    });
  });

  describe('failures', () => {
    const FAILURE = { status: 'error', error: 'health handler failed' };

    it.each([
      [
        'throws',
        (): void => {
          throw new Error('boom');
        },
      ],
      [
        'rejects',
        async (): Promise<void> => {
          await Promise.resolve();
          throw new Error('boom');
        },
      ],
    ])(
      'answers 500 JSON and keeps serving when the handler %s',
      async (_how, failing) => {
        const logger = recordingLogger();
        let calls = 0;
        const base = await startServer({
          logger,
          customHealthHandler: (_req, res, stats) => {
            calls += 1;
            if (calls === 1) return failing();
            res.end(`recovered ${stats.totalRooms}`);
          },
        });

        const failed = await send(`${base}/health`);
        const next = await send(`${base}/health`);

        expect(failed.status).toBe(500);
        expect(failed.headers['content-type']).toBe(
          'application/json; charset=utf-8',
        );
        expect(JSON.parse(failed.body)).toEqual(FAILURE);
        expect(next.status).toBe(200);
        expect(next.body).toBe('recovered 2');
        expect(logger.error).toHaveBeenCalledTimes(1);
        expect(logger.error).toHaveBeenCalledWith(
          { err: expect.objectContaining({ message: 'boom' }) },
          'health handler failed',
        );
      },
    );

    it('answers 500 without a body to a failing HEAD', async () => {
      const base = await startServer({
        customHealthHandler: () => {
          throw new Error('boom');
        },
      });

      const answer = await send(`${base}/health`, 'HEAD');

      expect(answer.status).toBe(500);
      expect(answer.body).toBe('');
      expect(answer.headers['content-length']).toBe(
        String(Buffer.byteLength(JSON.stringify(FAILURE))),
      );
    });

    it('cuts the connection on a failure after the headers', async () => {
      const logger = recordingLogger();
      const base = await startServer({
        logger,
        customHealthHandler: async (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"status":');
          await new Promise((resolve) => setTimeout(resolve, 10));
          throw new Error('late');
        },
      });

      await expect(send(`${base}/health`)).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
      expect(logger.error).toHaveBeenCalledWith(
        { err: expect.objectContaining({ message: 'late' }) },
        'health handler failed',
      );

      const next = await send(`${base}/elsewhere`);
      expect(next.status).toBe(404);
    });

    it('only logs a failure after the response ended', async () => {
      const logger = recordingLogger();
      const base = await startServer({
        logger,
        customHealthHandler: (_req, res) => {
          res.end('done');
          throw new Error('after end');
        },
      });

      const answer = await send(`${base}/health`);

      expect(answer.status).toBe(200);
      expect(answer.body).toBe('done');
      expect(logger.error).toHaveBeenCalledTimes(1);
    });

    it('answers 500 when getStats throws', async () => {
      const logger = recordingLogger();
      const base = await startServer({
        logger,
        getStats: () => {
          throw new Error('stats unavailable');
        },
      });

      const answer = await send(`${base}/health`);

      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body)).toEqual(FAILURE);
      expect(logger.error).toHaveBeenCalledWith(
        { err: expect.objectContaining({ message: 'stats unavailable' }) },
        'health handler failed',
      );
    });
  });
});
