import { describe, expect, it } from 'vitest';
import { LatencySample, percentile, summarize } from './stats.mjs';

describe('percentile()', () => {
  it('picks by nearest rank', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 0.5)).toBe(5);
    expect(percentile(sorted, 0.99)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('summarize()', () => {
  it('takes the middle value of an odd count', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
  });

  it('averages the two middle values of an even count', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('ignores values that are not finite', () => {
    expect(summarize([Number.NaN, 5, Number.POSITIVE_INFINITY])).toEqual({
      median: 5,
      min: 5,
      max: 5,
    });
  });

  it('is NaN throughout for no values', () => {
    const spread = summarize([]);
    expect(spread.median).toBeNaN();
    expect(spread.min).toBeNaN();
  });
});

describe('LatencySample', () => {
  it('keeps every value below its capacity', () => {
    const sample = new LatencySample(10);
    for (const value of [5, 1, 4, 2, 3]) sample.add(value);
    expect(sample.percentile(0.5)).toBe(3);
    expect(sample.percentile(1)).toBe(5);
  });

  it('never holds more than its capacity', () => {
    const sample = new LatencySample(100);
    for (let i = 0; i < 10_000; i++) sample.add(i);
    expect(sample.values.length).toBe(100);
    expect(sample.seen).toBe(10_000);
    expect(sample.percentile(1)).toBeLessThan(10_000);
  });
});
