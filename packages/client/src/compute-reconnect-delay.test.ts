import { describe, expect, it } from 'vitest';
import { computeReconnectDelay } from './compute-reconnect-delay.js';

describe('computeReconnectDelay()', () => {
  it('starts between the base and 1.5 times the base', () => {
    expect(computeReconnectDelay(1, 1000, 30000, 0)).toBe(1000);
    expect(computeReconnectDelay(1, 1000, 30000, 0.999)).toBeCloseTo(1500, -1);
  });

  it('doubles the window with every attempt until the cap', () => {
    const lows = [1, 2, 3, 4].map((n) => computeReconnectDelay(n, 100, 1e6, 0));
    const highs = [1, 2, 3, 4].map((n) =>
      computeReconnectDelay(n, 100, 1e6, 0.999999),
    );
    expect(lows).toEqual([100, 200, 400, 800]);
    expect(highs).toEqual([150, 300, 600, 1200]);
  });

  it('grows from one attempt to the next whatever the jitter draws', () => {
    for (let attempt = 1; attempt < 8; attempt++) {
      const latest = computeReconnectDelay(attempt, 50, 1e6, 0.999999);
      const next = computeReconnectDelay(attempt + 1, 50, 1e6, 0);
      expect(next).toBeGreaterThanOrEqual(latest);
    }
  });

  it('stays within [base, max] for every attempt and every draw', () => {
    for (let attempt = 1; attempt <= 60; attempt++) {
      for (const random of [0, 0.25, 0.5, 0.75, 0.999999, Math.random()]) {
        const delay = computeReconnectDelay(attempt, 250, 8000, random);
        expect(delay).toBeGreaterThanOrEqual(250);
        expect(delay).toBeLessThanOrEqual(8000);
      }
    }
  });

  it('spreads the capped delays over the top third of the cap', () => {
    expect(computeReconnectDelay(40, 1000, 30000, 0)).toBe(20000);
    expect(computeReconnectDelay(40, 1000, 30000, 0.999999)).toBe(30000);
  });

  it('stays finite for very high attempt numbers', () => {
    expect(computeReconnectDelay(1e9, 1000, 30000, 0.5)).toBe(25000);
    expect(computeReconnectDelay(1e9, 0, 0, 0.5)).toBe(0);
  });

  it('returns the base when the cap equals it', () => {
    expect(computeReconnectDelay(5, 400, 400, 0.7)).toBe(400);
  });
});
