import type { IRateLimiter, RateLimitOptions } from '@stelar/core';
import { describe, expect, it, vi } from 'vitest';

import { RateLimiter } from './rate-limiter.js';

interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
}

function manualClock(): ManualClock {
  let time = 0;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

function options(overrides: Partial<RateLimitOptions> = {}): RateLimitOptions {
  return {
    rateLimit: { maxPoints: 3, windowMs: 1000 },
    eventRateLimits: {},
    ...overrides,
  };
}

function limiterWith(overrides: Partial<RateLimitOptions> = {}): {
  limiter: RateLimiter;
  clock: ManualClock;
} {
  const clock = manualClock();
  return { limiter: new RateLimiter(options(overrides), clock.now), clock };
}

function consumeTimes(
  limiter: RateLimiter,
  times: number,
  clientId: string,
  event: string | undefined,
): Array<boolean | Promise<boolean>> {
  return Array.from({ length: times }, () => limiter.consume(clientId, event));
}

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

function customLimiter(overrides: Partial<IRateLimiter> = {}): IRateLimiter {
  return {
    check: vi.fn(() => true),
    reset: vi.fn(),
    cleanup: vi.fn(),
    size: vi.fn(() => 0),
    ...overrides,
  };
}

// Lets every pending promise reaction run, so async answers have landed.
function flush(): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(resolve);
  });
}

const BAD_CONFIGS: unknown[] = [
  null,
  'fast',
  { maxPoints: 0, windowMs: 1000 },
  { maxPoints: -2, windowMs: 1000 },
  { maxPoints: Number.NaN, windowMs: 1000 },
  { maxPoints: '5', windowMs: 1000 },
  { maxPoints: 5, windowMs: Number.POSITIVE_INFINITY },
  { maxPoints: 5 },
];

describe('RateLimiter', () => {
  describe('constructor', () => {
    it('rejects an invalid rateLimit with ERR_RATE_LIMIT_INVALID', () => {
      const bad = { rateLimit: { maxPoints: 0, windowMs: 1000 } };

      expect(codeOf(() => new RateLimiter(options(bad)))).toBe(
        'ERR_RATE_LIMIT_INVALID',
      );
    });

    it('rejects an invalid event limit with ERR_RATE_LIMIT_INVALID', () => {
      const bad = { eventRateLimits: { chat: { maxPoints: 1, windowMs: 0 } } };

      expect(codeOf(() => new RateLimiter(options(bad)))).toBe(
        'ERR_RATE_LIMIT_INVALID',
      );
    });

    it('names the offending value in the message', () => {
      const bad = { rateLimit: { maxPoints: -1, windowMs: 1000 } };

      expect(() => new RateLimiter(options(bad))).toThrow(
        'maxPoints of rateLimit must be a positive finite number, got -1',
      );
    });
  });

  describe('consume()', () => {
    it('admits a burst of maxPoints messages, then refuses', () => {
      const { limiter } = limiterWith();

      expect(consumeTimes(limiter, 4, 'c1', 'chat')).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });

    it('keeps one bucket per client', () => {
      const { limiter } = limiterWith();
      consumeTimes(limiter, 3, 'c1', 'chat');

      expect(limiter.consume('c1', 'chat')).toBe(false);
      expect(limiter.consume('c2', 'chat')).toBe(true);
    });

    it('admits again as the bucket refills', () => {
      const { limiter, clock } = limiterWith();
      consumeTimes(limiter, 3, 'c1', 'chat');

      clock.advance(334);

      expect(limiter.consume('c1', 'chat')).toBe(true);
      expect(limiter.consume('c1', 'chat')).toBe(false);
    });

    it('charges an invalid message to the global bucket', () => {
      const { limiter } = limiterWith();

      expect(consumeTimes(limiter, 4, 'c1', undefined)).toEqual([
        true,
        true,
        true,
        false,
      ]);
      expect(limiter.consume('c1', 'chat')).toBe(false);
    });

    it('charges an invalid message to no event bucket', () => {
      const { limiter } = limiterWith({
        rateLimit: false,
        eventRateLimits: { chat: { maxPoints: 1, windowMs: 1000 } },
      });

      expect(consumeTimes(limiter, 5, 'c1', undefined)).not.toContain(false);
      expect(limiter.consume('c1', 'chat')).toBe(true);
      expect(limiter.size()).toBe(1);
    });

    it('admits everything when no limit applies', () => {
      const { limiter } = limiterWith({ rateLimit: false });

      expect(consumeTimes(limiter, 1000, 'c1', 'chat')).not.toContain(false);
      expect(limiter.size()).toBe(0);
    });
  });

  describe('precedence', () => {
    it('applies an event bucket in addition to the global one', () => {
      const { limiter } = limiterWith({
        eventRateLimits: { chat: { maxPoints: 1, windowMs: 1000 } },
      });

      expect(limiter.consume('c1', 'chat')).toBe(true);
      expect(limiter.consume('c1', 'chat')).toBe(false);
      expect(limiter.consume('c1', 'move')).toBe(true);
      expect(limiter.consume('c1', 'move')).toBe(true);
      expect(limiter.consume('c1', 'move')).toBe(false);
    });

    it('charges a message one point in each bucket, once', () => {
      const { limiter } = limiterWith({
        rateLimit: { maxPoints: 2, windowMs: 1000 },
        eventRateLimits: { chat: { maxPoints: 2, windowMs: 1000 } },
      });

      expect(consumeTimes(limiter, 3, 'c1', 'chat')).toEqual([
        true,
        true,
        false,
      ]);
    });

    it('spends no global point on a message the event bucket refuses', () => {
      const { limiter } = limiterWith({
        rateLimit: { maxPoints: 2, windowMs: 1000 },
        eventRateLimits: { chat: { maxPoints: 1, windowMs: 1000 } },
      });
      limiter.consume('c1', 'chat');

      expect(consumeTimes(limiter, 5, 'c1', 'chat')).not.toContain(true);
      expect(limiter.consume('c1', 'move')).toBe(true);
      expect(limiter.consume('c1', 'move')).toBe(false);
    });

    it('spends no event point on a message the global bucket refuses', () => {
      const { limiter, clock } = limiterWith({
        rateLimit: { maxPoints: 1, windowMs: 1000 },
        eventRateLimits: { chat: { maxPoints: 2, windowMs: 1e9 } },
      });
      limiter.consume('c1', 'move');

      expect(consumeTimes(limiter, 5, 'c1', 'chat')).not.toContain(true);
      clock.advance(1000);
      expect(limiter.consume('c1', 'chat')).toBe(true);
      clock.advance(1000);
      expect(limiter.consume('c1', 'chat')).toBe(true);
      clock.advance(1000);
      expect(limiter.consume('c1', 'chat')).toBe(false);
    });

    it('lets a client override replace the global bucket', () => {
      const { limiter } = limiterWith({
        rateLimit: { maxPoints: 1, windowMs: 1000 },
      });
      limiter.setClientRateLimit('vip', { maxPoints: 3, windowMs: 1000 });

      expect(consumeTimes(limiter, 4, 'vip', 'chat')).toEqual([
        true,
        true,
        true,
        false,
      ]);
      expect(consumeTimes(limiter, 2, 'c2', 'chat')).toEqual([true, false]);
    });

    it('applies a client override when rateLimit is false', () => {
      const { limiter } = limiterWith({ rateLimit: false });
      limiter.setClientRateLimit('c1', { maxPoints: 1, windowMs: 1000 });

      expect(consumeTimes(limiter, 2, 'c1', 'chat')).toEqual([true, false]);
      expect(limiter.consume('c2', 'chat')).toBe(true);
    });

    it('applies event buckets to a client with an override', () => {
      const { limiter } = limiterWith({
        eventRateLimits: { chat: { maxPoints: 1, windowMs: 1000 } },
      });
      limiter.setClientRateLimit('vip', { maxPoints: 100, windowMs: 1000 });

      expect(consumeTimes(limiter, 2, 'vip', 'chat')).toEqual([true, false]);
    });
  });

  describe('forget()', () => {
    it('drops every bucket of the client', () => {
      const { limiter } = limiterWith({
        eventRateLimits: { chat: { maxPoints: 1, windowMs: 1000 } },
      });
      consumeTimes(limiter, 3, 'c1', 'chat');

      limiter.forget('c1');

      expect(limiter.size()).toBe(0);
      expect(limiter.consume('c1', 'chat')).toBe(true);
    });

    it('drops the client override', () => {
      const { limiter } = limiterWith({
        rateLimit: { maxPoints: 1, windowMs: 1000 },
      });
      limiter.setClientRateLimit('c1', { maxPoints: 5, windowMs: 1000 });

      limiter.forget('c1');

      expect(consumeTimes(limiter, 2, 'c1', 'chat')).toEqual([true, false]);
    });

    it('leaves other clients untouched', () => {
      const { limiter } = limiterWith();
      consumeTimes(limiter, 3, 'c1', 'chat');
      consumeTimes(limiter, 3, 'c2', 'chat');

      limiter.forget('c1');

      expect(limiter.size()).toBe(1);
      expect(limiter.consume('c2', 'chat')).toBe(false);
    });
  });

  describe('size()', () => {
    it('counts the global and event buckets that exist', () => {
      const { limiter } = limiterWith({
        eventRateLimits: { chat: { maxPoints: 1, windowMs: 1000 } },
      });

      limiter.consume('c1', 'chat');
      limiter.consume('c2', 'move');

      expect(limiter.size()).toBe(3);
    });
  });

  describe('setEventRateLimit()', () => {
    it('limits an event from then on', () => {
      const { limiter } = limiterWith({ rateLimit: false });

      limiter.setEventRateLimit('chat', { maxPoints: 1, windowMs: 1000 });

      expect(consumeTimes(limiter, 2, 'c1', 'chat')).toEqual([true, false]);
    });

    it('reshapes the live buckets of the event, keeping their points', () => {
      const { limiter } = limiterWith({
        rateLimit: false,
        eventRateLimits: { chat: { maxPoints: 5, windowMs: 1000 } },
      });
      consumeTimes(limiter, 4, 'c1', 'chat');

      limiter.setEventRateLimit('chat', { maxPoints: 3, windowMs: 1000 });

      expect(consumeTimes(limiter, 2, 'c1', 'chat')).toEqual([true, false]);
      expect(consumeTimes(limiter, 4, 'c2', 'chat')).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });

    it.each(BAD_CONFIGS)(
      'rejects the config %o with ERR_RATE_LIMIT_INVALID',
      (config) => {
        const { limiter } = limiterWith();

        expect(
          codeOf(() => limiter.setEventRateLimit('chat', config as never)),
        ).toBe('ERR_RATE_LIMIT_INVALID');
      },
    );

    it('keeps the previous limit after a rejected config', () => {
      const { limiter } = limiterWith({
        rateLimit: false,
        eventRateLimits: { chat: { maxPoints: 1, windowMs: 1000 } },
      });

      expect(() =>
        limiter.setEventRateLimit('chat', { maxPoints: -1, windowMs: 1000 }),
      ).toThrow('eventRateLimits["chat"]');
      expect(consumeTimes(limiter, 2, 'c1', 'chat')).toEqual([true, false]);
    });
  });

  describe('removeEventRateLimit()', () => {
    it('lifts the limit and drops its buckets', () => {
      const { limiter } = limiterWith({
        eventRateLimits: { chat: { maxPoints: 1, windowMs: 1000 } },
      });
      limiter.consume('c1', 'chat');
      limiter.consume('c2', 'chat');

      limiter.removeEventRateLimit('chat');

      expect(limiter.size()).toBe(2);
      expect(limiter.consume('c1', 'chat')).toBe(true);
    });
  });

  describe('setClientRateLimit()', () => {
    it('reshapes the live bucket of the client, keeping its points', () => {
      const { limiter, clock } = limiterWith();
      consumeTimes(limiter, 3, 'c1', 'chat');

      limiter.setClientRateLimit('c1', { maxPoints: 10, windowMs: 1000 });

      expect(limiter.consume('c1', 'chat')).toBe(false);
      clock.advance(500);
      expect(consumeTimes(limiter, 6, 'c1', 'chat')).toEqual([
        true,
        true,
        true,
        true,
        true,
        false,
      ]);
    });

    it.each(BAD_CONFIGS)(
      'rejects the config %o with ERR_RATE_LIMIT_INVALID',
      (config) => {
        const { limiter } = limiterWith();

        expect(
          codeOf(() => limiter.setClientRateLimit('c1', config as never)),
        ).toBe('ERR_RATE_LIMIT_INVALID');
      },
    );

    it('names the client in the message', () => {
      const { limiter } = limiterWith();

      expect(() =>
        limiter.setClientRateLimit('c1', { maxPoints: 1, windowMs: 0 }),
      ).toThrow(
        'windowMs of the rate limit of client "c1" must be a positive finite number, got 0',
      );
    });
  });

  describe('removeClientRateLimit()', () => {
    it('returns the client to the global limit', () => {
      const { limiter } = limiterWith();
      limiter.setClientRateLimit('c1', { maxPoints: 10, windowMs: 1000 });
      consumeTimes(limiter, 2, 'c1', 'chat');

      limiter.removeClientRateLimit('c1');

      expect(consumeTimes(limiter, 4, 'c1', 'chat')).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });

    it('drops the main bucket when rateLimit is false', () => {
      const { limiter } = limiterWith({ rateLimit: false });
      limiter.setClientRateLimit('c1', { maxPoints: 1, windowMs: 1000 });
      limiter.consume('c1', 'chat');

      limiter.removeClientRateLimit('c1');

      expect(limiter.size()).toBe(0);
      expect(consumeTimes(limiter, 5, 'c1', 'chat')).not.toContain(false);
    });
  });

  describe('configure()', () => {
    it('reshapes live global buckets, capping their points', () => {
      const { limiter } = limiterWith({
        rateLimit: { maxPoints: 10, windowMs: 1000 },
      });
      limiter.consume('c1', 'chat');

      limiter.configure(
        options({ rateLimit: { maxPoints: 2, windowMs: 1000 } }),
      );

      expect(consumeTimes(limiter, 3, 'c1', 'chat')).toEqual([
        true,
        true,
        false,
      ]);
    });

    it('gives no fresh burst to a drained client', () => {
      const { limiter } = limiterWith();
      consumeTimes(limiter, 3, 'c1', 'chat');

      limiter.configure(
        options({ rateLimit: { maxPoints: 50, windowMs: 1000 } }),
      );

      expect(limiter.consume('c1', 'chat')).toBe(false);
    });

    it('drops the global buckets when rateLimit becomes false', () => {
      const { limiter } = limiterWith();
      consumeTimes(limiter, 3, 'c1', 'chat');

      limiter.configure(options({ rateLimit: false }));

      expect(limiter.size()).toBe(0);
      expect(limiter.consume('c1', 'chat')).toBe(true);
    });

    it('leaves a client override in force', () => {
      const { limiter } = limiterWith();
      limiter.setClientRateLimit('c1', { maxPoints: 1, windowMs: 1000 });

      limiter.configure(
        options({ rateLimit: { maxPoints: 9, windowMs: 1000 } }),
      );

      expect(consumeTimes(limiter, 2, 'c1', 'chat')).toEqual([true, false]);
    });

    it('applies the event limits added, changed or removed', () => {
      const { limiter } = limiterWith({
        rateLimit: false,
        eventRateLimits: {
          chat: { maxPoints: 1, windowMs: 1000 },
          move: { maxPoints: 1, windowMs: 1000 },
        },
      });

      limiter.configure(
        options({
          rateLimit: false,
          eventRateLimits: {
            move: { maxPoints: 2, windowMs: 1000 },
            type: { maxPoints: 1, windowMs: 1000 },
          },
        }),
      );

      expect(consumeTimes(limiter, 3, 'c1', 'chat')).not.toContain(false);
      expect(consumeTimes(limiter, 3, 'c1', 'move')).toEqual([
        true,
        true,
        false,
      ]);
      expect(consumeTimes(limiter, 2, 'c1', 'type')).toEqual([true, false]);
    });

    it('keeps a limit set at runtime through an unrelated configure', () => {
      const { limiter } = limiterWith({ rateLimit: false });
      limiter.setEventRateLimit('chat', { maxPoints: 1, windowMs: 1000 });

      limiter.configure(options({ rateLimit: false }));

      expect(consumeTimes(limiter, 2, 'c1', 'chat')).toEqual([true, false]);
    });

    it('keeps a runtime change while the option stays the same', () => {
      const eventRateLimits = { chat: { maxPoints: 5, windowMs: 1000 } };
      const { limiter } = limiterWith({ rateLimit: false, eventRateLimits });
      limiter.setEventRateLimit('chat', { maxPoints: 1, windowMs: 1000 });

      limiter.configure(options({ rateLimit: false, eventRateLimits }));

      expect(consumeTimes(limiter, 2, 'c1', 'chat')).toEqual([true, false]);
    });

    it('applies an option changed in place on the caller object', () => {
      const chat = { maxPoints: 5, windowMs: 1000 };
      const { limiter } = limiterWith({
        rateLimit: false,
        eventRateLimits: { chat },
      });

      chat.maxPoints = 1;
      limiter.configure(
        options({ rateLimit: false, eventRateLimits: { chat } }),
      );

      expect(consumeTimes(limiter, 2, 'c1', 'chat')).toEqual([true, false]);
    });

    it('changes nothing when one of the configs is invalid', () => {
      const { limiter } = limiterWith();
      const bad = options({
        rateLimit: { maxPoints: 100, windowMs: 1000 },
        eventRateLimits: { chat: { maxPoints: 0, windowMs: 1000 } },
      });

      expect(codeOf(() => limiter.configure(bad))).toBe(
        'ERR_RATE_LIMIT_INVALID',
      );
      expect(consumeTimes(limiter, 4, 'c1', 'move')).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });

    it.each(['check', 'reset', 'cleanup', 'size'] as const)(
      'rejects a custom limiter without %s with ERR_RATE_LIMIT_CUSTOM_INVALID',
      (method) => {
        const { limiter } = limiterWith();
        const custom = { ...customLimiter(), [method]: undefined };

        expect(
          codeOf(() =>
            limiter.configure(options({ customRateLimiter: custom as never })),
          ),
        ).toBe('ERR_RATE_LIMIT_CUSTOM_INVALID');
      },
    );

    it('rejects a custom limiter that is not an object', () => {
      const { limiter } = limiterWith();

      expect(
        codeOf(() =>
          limiter.configure(options({ customRateLimiter: null as never })),
        ),
      ).toBe('ERR_RATE_LIMIT_CUSTOM_INVALID');
    });

    it('switches to a custom limiter and drops the built-in buckets', () => {
      const { limiter } = limiterWith();
      limiter.consume('c1', 'chat');
      const custom = customLimiter({ check: vi.fn(() => false) });

      limiter.configure(options({ customRateLimiter: custom }));

      expect(limiter.consume('c1', 'chat')).toBe(false);
      expect(custom.check).toHaveBeenCalledWith('c1', 1);
    });

    it('cleans up a replaced custom limiter', () => {
      const first = customLimiter();
      const { limiter } = limiterWith({ customRateLimiter: first });

      limiter.configure(options({ customRateLimiter: customLimiter() }));

      expect(first.cleanup).toHaveBeenCalledTimes(1);
    });

    it('keeps a custom limiter passed again as it is', () => {
      const custom = customLimiter();
      const { limiter } = limiterWith({ customRateLimiter: custom });

      limiter.configure(options({ customRateLimiter: custom }));

      expect(custom.cleanup).not.toHaveBeenCalled();
    });

    it('returns to full built-in buckets when the custom limiter goes', () => {
      const custom = customLimiter();
      const { limiter } = limiterWith({ customRateLimiter: custom });

      limiter.configure(options());

      expect(custom.cleanup).toHaveBeenCalledTimes(1);
      expect(consumeTimes(limiter, 4, 'c1', 'chat')).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });
  });

  describe('with a custom limiter', () => {
    it('answers with a sync check, charging one point', () => {
      const custom = customLimiter({ check: vi.fn(() => false) });
      const { limiter } = limiterWith({ customRateLimiter: custom });

      expect(limiter.consume('c1', 'chat')).toBe(false);
      expect(custom.check).toHaveBeenCalledWith('c1', 1);
    });

    it('passes an async check through as a promise', async () => {
      const answer = Promise.resolve(true);
      const custom = customLimiter({ check: () => answer });
      const { limiter } = limiterWith({ customRateLimiter: custom });

      const result = limiter.consume('c1', 'chat');

      expect(result).toBe(answer);
      await expect(result).resolves.toBe(true);
    });

    it('lets a throwing check reach the caller', () => {
      const custom = customLimiter({
        check: () => {
          throw new Error('store down');
        },
      });
      const { limiter } = limiterWith({ customRateLimiter: custom });

      expect(() => limiter.consume('c1', 'chat')).toThrow('store down');
    });

    it('ignores event limits while it is set (limitation)', () => {
      const custom = customLimiter();
      const { limiter } = limiterWith({
        customRateLimiter: custom,
        eventRateLimits: { chat: { maxPoints: 1, windowMs: 1000 } },
      });

      expect(consumeTimes(limiter, 3, 'c1', 'chat')).toEqual([
        true,
        true,
        true,
      ]);
      expect(limiter.size()).toBe(0);
    });

    it('resets the client on forget', () => {
      const custom = customLimiter();
      const { limiter } = limiterWith({ customRateLimiter: custom });

      limiter.forget('c1');

      expect(custom.reset).toHaveBeenCalledWith('c1');
    });

    it('survives a reset that throws', () => {
      const custom = customLimiter({
        reset: () => {
          throw new Error('store down');
        },
      });
      const { limiter } = limiterWith({ customRateLimiter: custom });

      expect(() => {
        limiter.forget('c1');
      }).not.toThrow();
    });

    it('survives a reset that rejects', async () => {
      // An unhandled rejection here would fail the run.
      const reset = vi.fn(() => Promise.reject(new Error('store down')));
      const { limiter } = limiterWith({
        customRateLimiter: customLimiter({ reset }),
      });

      limiter.forget('c1');
      await flush();

      expect(reset).toHaveBeenCalledWith('c1');
    });

    it('reports a sync size at once', () => {
      const custom = customLimiter({ size: () => 7 });
      const { limiter } = limiterWith({ customRateLimiter: custom });

      expect(limiter.size()).toBe(7);
    });

    it('reports an async size from the next call on', async () => {
      const custom = customLimiter({ size: () => Promise.resolve(12) });
      const { limiter } = limiterWith({ customRateLimiter: custom });

      expect(limiter.size()).toBe(0);
      await flush();
      expect(limiter.size()).toBe(12);
    });

    it.each([
      [
        'throws',
        (): number => {
          throw new Error('store down');
        },
      ],
      ['rejects', (): Promise<number> => Promise.reject(new Error('down'))],
      ['answers NaN', (): number => Number.NaN],
      ['answers a negative count', (): Promise<number> => Promise.resolve(-1)],
    ])('keeps the last known size when size %s', async (_name, failing) => {
      const size = vi.fn<() => number | Promise<number>>(() => 4);
      const { limiter } = limiterWith({
        customRateLimiter: customLimiter({ size }),
      });
      limiter.size();

      size.mockImplementation(failing);
      expect(limiter.size()).toBe(4);
      await flush();
      expect(limiter.size()).toBe(4);
    });

    it('ignores a size answered by a limiter replaced meanwhile', async () => {
      const first = customLimiter({ size: () => Promise.resolve(99) });
      const second = customLimiter({ size: () => new Promise(() => {}) });
      const { limiter } = limiterWith({ customRateLimiter: first });

      limiter.size();
      limiter.configure(options({ customRateLimiter: second }));
      await flush();

      expect(limiter.size()).toBe(0);
    });

    it('runs cleanup on close', () => {
      const custom = customLimiter();
      const { limiter } = limiterWith({ customRateLimiter: custom });

      limiter.close();

      expect(custom.cleanup).toHaveBeenCalledTimes(1);
    });

    it('survives a cleanup that throws or rejects', async () => {
      const throwing = customLimiter({
        cleanup: () => {
          throw new Error('store down');
        },
      });
      const rejecting = customLimiter({
        cleanup: vi.fn(() => Promise.reject(new Error('store down'))),
      });

      expect(() => {
        limiterWith({ customRateLimiter: throwing }).limiter.close();
        limiterWith({ customRateLimiter: rejecting }).limiter.close();
      }).not.toThrow();
      await flush();
      expect(rejecting.cleanup).toHaveBeenCalledTimes(1);
    });
  });

  describe('close()', () => {
    it('drops every bucket', () => {
      const { limiter } = limiterWith({
        eventRateLimits: { chat: { maxPoints: 1, windowMs: 1000 } },
      });
      limiter.consume('c1', 'chat');

      limiter.close();

      expect(limiter.size()).toBe(0);
    });
  });
});
