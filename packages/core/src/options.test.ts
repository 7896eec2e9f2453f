import { describe, expect, it } from 'vitest';
import { isStelarError } from './errors.js';
import { mergeOptions, parseOptions } from './options.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseOptions()', () => {
  it('fills in the documented defaults', () => {
    const options = parseOptions({});
    expect(options).toMatchObject({
      port: 3000,
      namespace: '/',
      maxConnections: 10000,
      maxConnectionsPerIP: 50,
      maxRooms: 10000,
      maxRoomsPerClient: 50,
      maxPayloadSize: 10485760,
      maxFrameSize: 10485760,
      rateLimit: { maxPoints: 100, windowMs: 1000 },
      heartbeatInterval: 30000,
      heartbeatTimeout: 60000,
      connectTimeout: 10000,
      gracefulShutdown: true,
      shutdownTimeout: 10000,
      healthEndpoint: '/health',
      compression: false,
      logger: 'info',
    });
    expect(options.tcpPort).toBeUndefined();
  });

  it('derives heartbeatTimeout from heartbeatInterval when omitted', () => {
    expect(parseOptions({ heartbeatInterval: 500 }).heartbeatTimeout).toBe(
      1000,
    );
  });

  it('keeps zero and false as given', () => {
    const options = parseOptions({
      port: 0,
      shutdownTimeout: 0,
      rateLimit: false,
      healthEndpoint: false,
      logger: false,
    });
    expect(options.port).toBe(0);
    expect(options.shutdownTimeout).toBe(0);
    expect(options.rateLimit).toBe(false);
    expect(options.healthEndpoint).toBe(false);
    expect(options.logger).toBe(false);
  });

  it('lists every offending option in one ERR_OPTIONS_INVALID', () => {
    const error = errorOf(() =>
      parseOptions({
        port: -1,
        maxRooms: 0,
        namespace: 'no-slash',
        surprise: true,
        hooks: { onNothing: () => {} },
      }),
    );
    expect(isStelarError(error)).toBe(true);
    if (!isStelarError(error)) return;
    expect(error.code).toBe('ERR_OPTIONS_INVALID');
    const paths = (error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'port',
        'maxRooms',
        'namespace',
        '(root)',
        'hooks',
      ]),
    );
    expect(error.message).toContain('surprise');
    expect(error.message).toContain('onNothing');
  });

  it('refuses a heartbeatTimeout not longer than heartbeatInterval', () => {
    const error = errorOf(() =>
      parseOptions({ heartbeatInterval: 1000, heartbeatTimeout: 1000 }),
    );
    expect(isStelarError(error) && error.code).toBe('ERR_OPTIONS_INVALID');
  });

  it('does not modify the caller object and freezes the result', () => {
    const input = { port: 1234 };
    const options = parseOptions(input);
    expect(input).toEqual({ port: 1234 });
    expect(Object.isFrozen(options)).toBe(true);
  });
});

describe('mergeOptions()', () => {
  it('changes only the given keys', () => {
    const current = parseOptions({ maxRooms: 5 });
    const next = mergeOptions(current, { maxRoomsPerClient: 2 });
    expect(next.maxRooms).toBe(5);
    expect(next.maxRoomsPerClient).toBe(2);
    expect(next.maxConnections).toBe(10000);
  });

  it('refuses options that cannot change at runtime', () => {
    const error = errorOf(() => mergeOptions(parseOptions({}), { port: 1 }));
    expect(isStelarError(error) && error.code).toBe('ERR_OPTIONS_INVALID');
  });
});

describe('port options', () => {
  it('refuses a tcpPort equal to port', () => {
    const error = errorOf(() => parseOptions({ port: 4000, tcpPort: 4000 }));
    expect(isStelarError(error) && error.code).toBe('ERR_OPTIONS_INVALID');
    expect(String((error as Error).message)).toContain('tcpPort');
  });

  it('says which options cannot change on a running server', () => {
    const error = errorOf(() =>
      mergeOptions(parseOptions({}), { port: 1, maxRooms: 0 }),
    );
    const details = (error as { details: { path: string; message: string }[] })
      .details;
    expect(details).toEqual(
      expect.arrayContaining([
        { path: 'port', message: 'port cannot change on a running server' },
        expect.objectContaining({ path: 'maxRooms' }),
      ]),
    );
  });
});

describe('mergeOptions() edge cases', () => {
  it('leaves an option given as undefined as it is', () => {
    const current = parseOptions({ maxRooms: 5 });
    expect(mergeOptions(current, { maxRooms: undefined }).maxRooms).toBe(5);
  });

  it('refuses something that is not an object with ERR_OPTIONS_INVALID', () => {
    const error = errorOf(() => mergeOptions(parseOptions({}), null));
    expect(isStelarError(error) && error.code).toBe('ERR_OPTIONS_INVALID');
  });
});
