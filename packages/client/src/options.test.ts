import { describe, expect, it } from 'vitest';
import { mergeClientOptions, parseClientOptions } from './options.js';

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    return (error as { details: { path: string }[] }).details.map(
      (i) => i.path,
    );
  }
  throw new Error('expected ERR_OPTIONS_INVALID');
}

describe('parseClientOptions()', () => {
  it('fills every documented default', () => {
    expect(parseClientOptions(undefined)).toEqual({
      mode: 'ws',
      reconnection: true,
      reconnectionAttempts: 10,
      reconnectionDelay: 1000,
      maxReconnectionDelay: 30000,
      heartbeatInterval: 30000,
      ackTimeout: 5000,
      messageQueueSize: 100,
      maxPayloadSize: 10 * 1024 * 1024,
      maxFrameSize: 10 * 1024 * 1024,
      tls: false,
      rejectUnauthorized: true,
      headers: {},
      logger: 'warn',
      hooks: {},
    });
  });

  it('freezes the result and leaves the caller object alone', () => {
    const input = { ackTimeout: 10 };
    const options = parseClientOptions(input);
    expect(Object.isFrozen(options)).toBe(true);
    expect(input).toEqual({ ackTimeout: 10 });
  });

  it('accepts Infinity attempts, zero delays, false and a Logger', () => {
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const options = parseClientOptions({
      reconnectionAttempts: Infinity,
      reconnectionDelay: 0,
      maxReconnectionDelay: 0,
      messageQueueSize: 0,
      logger,
    });
    expect(options.reconnectionAttempts).toBe(Infinity);
    expect(options.reconnectionDelay).toBe(0);
    expect(options.logger).toBe(logger);
    expect(parseClientOptions({ logger: false }).logger).toBe(false);
  });

  it('lists every offending option in one error', () => {
    const paths = issuesOf(() =>
      parseClientOptions({
        mode: 'udp',
        reconnectionAttempts: -1,
        ackTimeout: 0,
        headers: { a: 1 },
        logger: 'loud',
        hooks: { onStateChange: 3, onSomething() {} },
        colour: 'blue',
      }),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'mode',
        'reconnectionAttempts',
        'ackTimeout',
        'headers.a',
        'logger',
        'hooks.onStateChange',
        'hooks',
        '(root)',
      ]),
    );
  });

  it('refuses a cap below the base delay', () => {
    expect(
      issuesOf(() =>
        parseClientOptions({
          reconnectionDelay: 500,
          maxReconnectionDelay: 100,
        }),
      ),
    ).toEqual(['maxReconnectionDelay']);
  });

  it("refuses headers in mode 'tcp', which has no handshake", () => {
    expect(
      issuesOf(() =>
        parseClientOptions({ mode: 'tcp', headers: { Authorization: 'x' } }),
      ),
    ).toEqual(['headers']);
    expect(parseClientOptions({ mode: 'tcp', headers: {} }).mode).toBe('tcp');
  });
});

describe('mergeClientOptions()', () => {
  const current = parseClientOptions({ ackTimeout: 100 });

  it('changes only the options given', () => {
    const next = mergeClientOptions(current, { heartbeatInterval: 50 });
    expect(next.heartbeatInterval).toBe(50);
    expect(next.ackTimeout).toBe(100);
    expect(Object.isFrozen(next)).toBe(true);
  });

  it('validates like the constructor, unknown keys included', () => {
    expect(
      issuesOf(() => mergeClientOptions(current, { ackTimeout: -5, nope: 1 })),
    ).toEqual(['ackTimeout', '(root)']);
  });

  it('checks the delays against the options in force', () => {
    expect(
      issuesOf(() => mergeClientOptions(current, { maxReconnectionDelay: 10 })),
    ).toEqual(['maxReconnectionDelay']);
  });
});

describe('option rules across options', () => {
  it('names the delay rule even when another option has a wrong type', () => {
    let error: unknown;
    try {
      parseClientOptions({
        ackTimeout: 'soon' as unknown as number,
        reconnectionDelay: 5000,
        maxReconnectionDelay: 100,
      });
    } catch (caught) {
      error = caught;
    }
    const paths = (error as { details: { path: string }[] }).details.map(
      (d) => d.path,
    );
    expect(paths).toEqual(
      expect.arrayContaining(['ackTimeout', 'maxReconnectionDelay']),
    );
  });
});
