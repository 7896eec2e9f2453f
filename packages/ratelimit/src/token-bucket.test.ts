import { afterEach, describe, expect, it, vi } from 'vitest';

import { TokenBucket } from './token-bucket.js';

function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 0;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

// A tiny deterministic generator, so the sequence test is the same each run.
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('TokenBucket', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('constructor', () => {
    it('starts full', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 4, windowMs: 1000 },
        clock.now,
      );

      expect(bucket.points).toBe(4);
      expect(bucket.maxPoints).toBe(4);
      expect(bucket.windowMs).toBe(1000);
    });

    it.each([
      { maxPoints: 0, windowMs: 1000 },
      { maxPoints: -1, windowMs: 1000 },
      { maxPoints: Number.NaN, windowMs: 1000 },
      { maxPoints: 5, windowMs: Number.POSITIVE_INFINITY },
      { maxPoints: 5, windowMs: 0 },
    ])('rejects the config %o with ERR_RATE_LIMIT_INVALID', (config) => {
      expect(codeOf(() => new TokenBucket(config))).toBe(
        'ERR_RATE_LIMIT_INVALID',
      );
    });

    it('reads performance.now when no clock is given', () => {
      const spy = vi.spyOn(performance, 'now').mockReturnValue(0);
      const bucket = new TokenBucket({ maxPoints: 1, windowMs: 1000 });

      expect(bucket.take()).toBe(true);
      expect(bucket.take()).toBe(false);

      spy.mockReturnValue(1000);
      expect(bucket.take()).toBe(true);
    });
  });

  describe('take()', () => {
    it('takes one point by default', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 3, windowMs: 1000 },
        clock.now,
      );

      expect(bucket.take()).toBe(true);
      expect(bucket.points).toBe(2);
    });

    it('refuses once the bucket is empty', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 2, windowMs: 1000 },
        clock.now,
      );

      expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([
        true,
        true,
        false,
      ]);
    });

    it('takes a cost of several points at once', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 5, windowMs: 1000 },
        clock.now,
      );

      expect(bucket.take(3)).toBe(true);
      expect(bucket.points).toBe(2);
    });

    it('takes nothing when the cost exceeds the points held', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 2, windowMs: 1000 },
        clock.now,
      );

      expect(bucket.take(3)).toBe(false);
      expect(bucket.points).toBe(2);
    });

    it('admits a zero cost even when empty', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 1, windowMs: 1000 },
        clock.now,
      );
      bucket.take();

      expect(bucket.take(0)).toBe(true);
    });

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects the cost %s with ERR_RATE_LIMIT_COST_INVALID',
      (cost) => {
        const bucket = new TokenBucket({ maxPoints: 1, windowMs: 1000 });

        expect(codeOf(() => bucket.take(cost))).toBe(
          'ERR_RATE_LIMIT_COST_INVALID',
        );
      },
    );
  });

  describe('canTake()', () => {
    it('answers without taking', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 1, windowMs: 1000 },
        clock.now,
      );

      expect(bucket.canTake()).toBe(true);
      expect(bucket.canTake()).toBe(true);
      expect(bucket.points).toBe(1);
      expect(bucket.canTake(2)).toBe(false);
    });
  });

  describe('refill', () => {
    it('refills part of the bucket after part of the window', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 10, windowMs: 1000 },
        clock.now,
      );
      bucket.take(10);

      clock.advance(300);

      expect(bucket.points).toBe(3);
    });

    it('refills continuously rather than at the end of a window', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 10, windowMs: 1000 },
        clock.now,
      );
      bucket.take(10);

      clock.advance(100);

      expect(bucket.take()).toBe(true);
      expect(bucket.take()).toBe(false);
    });

    it('refills exactly maxPoints over one window at an uneven rate', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 3, windowMs: 1000 },
        clock.now,
      );
      bucket.take(3);

      clock.advance(1000);

      expect(bucket.take(3)).toBe(true);
      expect(bucket.take()).toBe(false);
    });

    it('admits a point only once its full share of time has passed', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 3, windowMs: 1000 },
        clock.now,
      );
      bucket.take(3);

      clock.advance(333);
      expect(bucket.take()).toBe(false);

      clock.advance(1);
      expect(bucket.take()).toBe(true);
    });

    it('caps the points at maxPoints', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 4, windowMs: 1000 },
        clock.now,
      );
      bucket.take();

      clock.advance(60_000);

      expect(bucket.points).toBe(4);
    });

    it('credits nothing for a clock that steps back', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 10, windowMs: 1000 },
        clock.now,
      );
      clock.advance(1000);
      bucket.take(10);

      clock.advance(-500);
      expect(bucket.points).toBe(0);

      clock.advance(100);
      expect(bucket.points).toBe(1);
    });

    it('never admits more than the burst plus the refill', () => {
      const random = seededRandom(42);
      const clock = manualClock();
      const config = { maxPoints: 7, windowMs: 1300 };
      const bucket = new TokenBucket(config, clock.now);
      let spent = 0;
      let elapsedMs = 0;

      for (let step = 0; step < 5000; step += 1) {
        const advanceMs = Math.floor(random() * 200);
        clock.advance(advanceMs);
        elapsedMs += advanceMs;
        const cost = 1 + Math.floor(random() * 3);
        if (bucket.take(cost)) spent += cost;

        const allowance =
          config.maxPoints + (elapsedMs * config.maxPoints) / config.windowMs;
        expect(spent).toBeLessThanOrEqual(allowance);
        expect(bucket.points).toBeGreaterThanOrEqual(0);
        expect(bucket.points).toBeLessThanOrEqual(config.maxPoints);
      }
      // Greedy takes leave at most one full bucket and a refused cost unspent.
      const earned = (elapsedMs * config.maxPoints) / config.windowMs;
      expect(spent).toBeGreaterThan(earned - config.maxPoints - 3);
    });
  });

  describe('reshape()', () => {
    it('keeps the points held, capped at the new maxPoints', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 10, windowMs: 1000 },
        clock.now,
      );
      bucket.take(2);

      bucket.reshape({ maxPoints: 5, windowMs: 1000 });

      expect(bucket.points).toBe(5);
      expect(bucket.maxPoints).toBe(5);
    });

    it('keeps a drained bucket drained when the limit rises', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 2, windowMs: 1000 },
        clock.now,
      );
      bucket.take(2);

      bucket.reshape({ maxPoints: 100, windowMs: 1000 });

      expect(bucket.points).toBe(0);
    });

    it('refills at the new rate afterwards', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 2, windowMs: 1000 },
        clock.now,
      );
      bucket.take(2);

      bucket.reshape({ maxPoints: 20, windowMs: 2000 });
      clock.advance(500);

      expect(bucket.points).toBe(5);
    });

    it('settles the refill owed at the old rate first', () => {
      const clock = manualClock();
      const bucket = new TokenBucket(
        { maxPoints: 10, windowMs: 1000 },
        clock.now,
      );
      bucket.take(10);
      clock.advance(200);

      bucket.reshape({ maxPoints: 10, windowMs: 10_000 });

      expect(bucket.points).toBe(2);
    });

    it('rejects an invalid config with ERR_RATE_LIMIT_INVALID', () => {
      const bucket = new TokenBucket({ maxPoints: 1, windowMs: 1000 });

      expect(codeOf(() => bucket.reshape({ maxPoints: 1, windowMs: -5 }))).toBe(
        'ERR_RATE_LIMIT_INVALID',
      );
      expect(bucket.windowMs).toBe(1000);
    });
  });
});
