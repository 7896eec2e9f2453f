import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientHooks } from './client-hooks.js';
import { HookRunner } from './hook-runner.js';
import { createLogger } from './logger.js';
import { parseClientOptions } from './options.js';
import { Reconnector } from './reconnector.js';

function setup(hooks: ClientHooks = {}) {
  const attempts: number[] = [];
  const runner = new HookRunner(hooks, createLogger(false));
  return {
    attempts,
    reconnector: new Reconnector(runner, (n) => attempts.push(n)),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Reconnector', () => {
  const options = parseClientOptions({
    reconnectionDelay: 100,
    maxReconnectionDelay: 1000,
    reconnectionAttempts: 2,
  });

  it('fires each attempt after its backoff, until the attempts run out', () => {
    const { attempts, reconnector } = setup();
    expect(reconnector.schedule(options, null)).toBe(true);
    expect(reconnector.waiting).toBe(true);
    vi.advanceTimersByTime(99);
    expect(attempts).toEqual([]);
    vi.advanceTimersByTime(51);
    expect(attempts).toEqual([1]);
    expect(reconnector.schedule(options, null)).toBe(true);
    vi.advanceTimersByTime(300);
    expect(attempts).toEqual([1, 2]);
    expect(reconnector.schedule(options, null)).toBe(false);
    expect(reconnector.waiting).toBe(false);
  });

  it('waits at least the Retry-After of a refused handshake', () => {
    const seen: number[] = [];
    const { reconnector: r } = setup({
      onReconnectDelay: ({ defaultDelay }) => void seen.push(defaultDelay),
    });
    r.schedule(options, 5000);
    expect(seen).toEqual([5000]);
    r.cancel();
  });

  it('lets onReconnectDelay choose the delay', () => {
    const { attempts, reconnector: r } = setup({
      onReconnectDelay: () => 5,
    });
    r.schedule(options, 5000);
    vi.advanceTimersByTime(5);
    expect(attempts).toEqual([1]);
  });

  it('ignores what a failing customReconnectDelay returns', () => {
    const seen: number[] = [];
    const { reconnector: r } = setup({
      onReconnectDelay: ({ defaultDelay }) => void seen.push(defaultDelay),
    });
    const custom = parseClientOptions({
      reconnectionDelay: 100,
      maxReconnectionDelay: 1000,
      customReconnectDelay: () => {
        throw new Error('bug');
      },
    });
    r.schedule(custom, null);
    expect(seen[0]).toBeGreaterThanOrEqual(100);
    expect(seen[0]).toBeLessThanOrEqual(150);
    r.cancel();
  });

  it('skips the wait with now(), and starts over with reset()', () => {
    const { attempts, reconnector: r } = setup();
    r.schedule(options, null);
    r.now();
    expect(attempts).toEqual([1]);
    r.reset();
    expect(r.attempt).toBe(0);
    r.schedule(options, null);
    r.cancel();
    vi.advanceTimersByTime(10000);
    expect(attempts).toEqual([1]);
  });
});
