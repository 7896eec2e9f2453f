import { afterEach, describe, expect, it } from 'vitest';
import {
  StelarServer,
  isStelarError,
  type StelarError,
  type StelarOptions,
  type UpdatableOptions,
} from '../src/index.js';
import { Harness, fetchHttp, tryUpgrade } from './harness.js';

interface Detail {
  path: string;
  message: string;
}

const harness = new Harness();

afterEach(() => harness.close());

function errorOf(build: () => unknown): StelarError {
  try {
    build();
  } catch (error) {
    if (isStelarError(error)) return error;
    throw error;
  }
  throw new Error('expected a StelarError to be thrown');
}

function detailsOf(error: StelarError): Detail[] {
  expect(Array.isArray(error.details)).toBe(true);
  return error.details as Detail[];
}

/**
 * Whether one detail names `option`: by its path, or, for an unknown key
 * (which zod reports on the object holding it), in its message.
 */
function names(details: Detail[], option: string): boolean {
  const [parent, key] = option.includes('.')
    ? [
        option.slice(0, option.lastIndexOf('.')),
        option.slice(option.lastIndexOf('.') + 1),
      ]
    : ['(root)', option];
  return details.some(
    (d) =>
      d.path === option ||
      d.path.startsWith(`${option}.`) ||
      ((d.path === parent || d.path === '(root)') && d.message.includes(key)),
  );
}

describe('StelarServer options', () => {
  describe('validation', () => {
    it('throws one ERR_OPTIONS_INVALID naming every offending option', () => {
      // Typed loosely: wrong types are what this test sends.
      const bad: Record<string, unknown> = {
        port: -1,
        maxConnections: 0,
        foo: 1,
        rateLimit: { maxPoints: 'x' },
        hooks: { onNope: () => undefined },
        logger: 'loud',
        heartbeatInterval: 1000,
        heartbeatTimeout: 500,
      };

      const error = errorOf(() => new StelarServer(bad as StelarOptions));

      expect(error.code).toBe('ERR_OPTIONS_INVALID');
      const details = detailsOf(error);
      for (const option of [
        'port',
        'maxConnections',
        'foo',
        'rateLimit',
        'hooks.onNope',
        'logger',
        'heartbeatTimeout',
      ]) {
        expect({ option, named: names(details, option) }).toEqual({
          option,
          named: true,
        });
      }
      for (const detail of details) {
        expect(typeof detail.message).toBe('string');
        expect(detail.message.length).toBeGreaterThan(0);
      }
    });

    it('refuses a heartbeatTimeout equal to heartbeatInterval', () => {
      const error = errorOf(
        () =>
          new StelarServer({ heartbeatInterval: 1000, heartbeatTimeout: 1000 }),
      );

      expect(error.code).toBe('ERR_OPTIONS_INVALID');
      expect(detailsOf(error).map((d) => d.path)).toEqual(['heartbeatTimeout']);
    });

    it('names a bad option inside a valid one by its nested path', () => {
      const error = errorOf(
        () =>
          new StelarServer({
            eventRateLimits: { chat: { maxPoints: -5, windowMs: 1000 } },
          }),
      );

      expect(error.code).toBe('ERR_OPTIONS_INVALID');
      expect(detailsOf(error).map((d) => d.path)).toEqual([
        'eventRateLimits.chat.maxPoints',
      ]);
    });

    it('accepts an empty options object and no options at all', () => {
      expect(new StelarServer({ logger: false }).getConfig().port).toBe(3000);
      expect(new StelarServer().getConfig().namespace).toBe('/');
    });
  });

  describe('defaults', () => {
    it('applies the defaults of the configuration reference', () => {
      const config = new StelarServer({ logger: false }).getConfig();

      expect(config).toMatchObject({
        port: 3000,
        namespace: '/',
        tcpPort: false,
        attachedToServer: false,
        maxConnections: 10000,
        maxConnectionsPerIP: 50,
        maxRooms: 10000,
        maxRoomsPerClient: 50,
        maxPayloadSize: 10485760,
        maxFrameSize: 10485760,
        rateLimit: { maxPoints: 100, windowMs: 1000 },
        eventRateLimits: {},
        heartbeatInterval: 30000,
        heartbeatTimeout: 60000,
        connectTimeout: 10000,
        gracefulShutdown: true,
        shutdownTimeout: 10000,
        healthEndpoint: '/health',
        allowedOrigins: null,
        tls: false,
        compression: false,
        hooks: [],
        customRateLimiter: false,
        customIPTracker: false,
        customHealthHandler: false,
        generateClientId: false,
      });
    });

    it('derives heartbeatTimeout as twice a given heartbeatInterval', () => {
      const config = new StelarServer({
        logger: false,
        heartbeatInterval: 4000,
      }).getConfig();

      expect(config.heartbeatTimeout).toBe(8000);
    });

    it('keeps zero and false where the caller gave them', () => {
      const config = new StelarServer({
        port: 0,
        shutdownTimeout: 0,
        rateLimit: false,
        healthEndpoint: false,
        gracefulShutdown: false,
        logger: false,
      }).getConfig();

      expect(config.port).toBe(0);
      expect(config.shutdownTimeout).toBe(0);
      expect(config.rateLimit).toBe(false);
      expect(config.healthEndpoint).toBe(false);
      expect(config.gracefulShutdown).toBe(false);
    });

    it('leaves the caller options object untouched', () => {
      const onClientConnect = (): undefined => undefined;
      const options = {
        port: 0,
        logger: false as const,
        rateLimit: { maxPoints: 7 },
        eventRateLimits: { chat: { maxPoints: 2, windowMs: 500 } },
        hooks: { onClientConnect },
        allowedOrigins: ['https://app.example.com'],
      };
      const before = structuredClone({ ...options, hooks: {} });

      const stelar = new StelarServer(options);

      expect({ ...options, hooks: {} }).toEqual(before);
      expect(Object.keys(options).sort()).toEqual(Object.keys(before).sort());
      expect(options.hooks).toEqual({ onClientConnect });
      expect(options.rateLimit).toEqual({ maxPoints: 7 });
      expect(stelar.getConfig().rateLimit).toEqual({
        maxPoints: 7,
        windowMs: 1000,
      });
    });
  });

  describe('tcpPort', () => {
    it('refuses a tcpPort that is neither a port nor false', () => {
      const error = errorOf(
        () => new StelarServer({ logger: false, tcpPort: 70000 }),
      );

      expect(error.code).toBe('ERR_OPTIONS_INVALID');
      expect(error.message).toContain('tcpPort');
    });

    it('accepts tcpPort false and reports it', () => {
      const stelar = new StelarServer({ logger: false, tcpPort: false });

      expect(stelar.getConfig().tcpPort).toBe(false);
    });
  });

  describe('updateConfig()', () => {
    it('validates like the constructor and changes nothing on failure', async () => {
      const stelar = await harness.server({ maxConnections: 5 });

      const bad: Record<string, unknown> = {
        maxConnections: -1,
        port: 1,
        hooks: { onNope: () => undefined },
      };

      const error = errorOf(() => stelar.updateConfig(bad as UpdatableOptions));

      expect(error.code).toBe('ERR_OPTIONS_INVALID');
      const details = detailsOf(error);
      expect(names(details, 'maxConnections')).toBe(true);
      expect(names(details, 'port')).toBe(true);
      expect(names(details, 'hooks.onNope')).toBe(true);
      expect(stelar.getConfig().maxConnections).toBe(5);
    });

    it('lowers maxConnections of a running server', async () => {
      const stelar = await harness.server();
      const port = stelar.getPort()!;
      await harness.connect(port);

      stelar.updateConfig({ maxConnections: 1 });

      expect(stelar.getConfig().maxConnections).toBe(1);
      expect((await tryUpgrade(port)).status).toBe(503);
    });

    it('lowers maxConnectionsPerIP of a running server', async () => {
      const stelar = await harness.server();
      const port = stelar.getPort()!;
      await harness.connect(port);

      stelar.updateConfig({ maxConnectionsPerIP: 1 });

      expect((await tryUpgrade(port)).status).toBe(429);
    });

    it('changes allowedOrigins of a running server', async () => {
      const stelar = await harness.server();
      const port = stelar.getPort()!;
      const origin = { Origin: 'https://app.example.com' };
      expect((await tryUpgrade(port, { headers: origin })).status).toBe(101);

      stelar.updateConfig({ allowedOrigins: ['https://admin.example.com'] });

      expect((await tryUpgrade(port, { headers: origin })).status).toBe(403);
      expect(stelar.getConfig().allowedOrigins).toEqual([
        'https://admin.example.com',
      ]);
    });

    it('replaces the hooks of a running server', async () => {
      const seen: string[] = [];
      const stelar = await harness.server({
        hooks: { onClientConnect: () => void seen.push('first') },
      });
      const port = stelar.getPort()!;
      await harness.connect(port);

      stelar.updateConfig({
        hooks: { onClientDisconnect: () => void seen.push('second') },
      });
      const client = await harness.connect(port);
      client.ws.close();
      await client.closed;
      await expect
        .poll(() => seen, { timeout: 3000 })
        .toEqual(['first', 'second']);

      expect(stelar.getConfig().hooks).toEqual(['onClientDisconnect']);
    });

    it('changes the rate limit of a running server', async () => {
      const stelar = await harness.server({
        hooks: { onRateLimitExceeded: () => false },
      });
      stelar.on('tick', () => undefined);
      const client = await harness.connect(stelar.getPort()!);

      stelar.updateConfig({ rateLimit: { maxPoints: 1, windowMs: 60_000 } });
      client.emit('tick');
      client.emit('tick');

      const refusal = await client.refusal('RATE_LIMITED');
      expect(refusal.data).toMatchObject({ event: 'tick' });
      expect(stelar.getConfig().rateLimit).toEqual({
        maxPoints: 1,
        windowMs: 60_000,
      });
    });
  });

  describe('getConfig()', () => {
    it('says tls: true and never carries the key or the certificate', () => {
      const key = '-----BEGIN PRIVATE KEY-----\nSECRET-KEY-MATERIAL\n';
      const cert = '-----BEGIN CERTIFICATE-----\nCERT-MATERIAL\n';
      const stelar = new StelarServer({ logger: false, tls: { key, cert } });

      const config = stelar.getConfig();
      const text = JSON.stringify(config);

      expect(config.tls).toBe(true);
      expect(text).not.toContain('SECRET-KEY-MATERIAL');
      expect(text).not.toContain('CERT-MATERIAL');
    });

    it('reports which extensions are set without exposing them', () => {
      const stelar = new StelarServer({
        logger: false,
        customRateLimiter: {
          check: () => true,
          reset: () => undefined,
          cleanup: () => undefined,
          size: () => 0,
        },
        customIPTracker: {
          check: () => true,
          add: () => undefined,
          remove: () => undefined,
          getCount: () => 0,
          cleanup: () => undefined,
        },
        customHealthHandler: (_req, res) => void res.end(),
        generateClientId: () => 'same',
        hooks: { onInvalidMessage: () => undefined },
      });

      const config = stelar.getConfig();

      expect(config).toMatchObject({
        customRateLimiter: true,
        customIPTracker: true,
        customHealthHandler: true,
        generateClientId: true,
        hooks: ['onInvalidMessage'],
      });
      expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    });

    it('reports the port in use once started', async () => {
      const stelar = await harness.server();

      expect(stelar.getConfig().port).toBe(stelar.getPort());
      expect(
        (await fetchHttp(stelar.getPort()!, { path: '/health' })).status,
      ).toBe(200);
    });
  });
});
