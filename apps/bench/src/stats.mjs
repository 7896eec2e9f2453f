// Small statistics: medians and spreads over repeats, percentiles over a
// bounded latency sample.

/**
 * The value below which `p` (0 to 1) of the sorted values fall, by the
 * nearest-rank method; NaN for no values.
 *
 * @param {ArrayLike<number>} sorted Ascending.
 * @param {number} p
 * @returns {number}
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/**
 * Median, minimum and maximum of the finite values; NaN for each when there
 * are none.
 *
 * @param {number[]} values
 * @returns {{ median: number, min: number, max: number }}
 */
export function summarize(values) {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) {
    return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  }
  const middle = finite.length / 2;
  const median = Number.isInteger(middle)
    ? ((finite[middle - 1] ?? 0) + (finite[middle] ?? 0)) / 2
    : (finite[Math.floor(middle)] ?? Number.NaN);
  return { median, min: finite[0] ?? 0, max: finite[finite.length - 1] ?? 0 };
}

/**
 * A uniform random sample of at most `capacity` latencies (reservoir
 * sampling), so a run of millions of deliveries keeps a fixed-size array.
 */
export class LatencySample {
  /** @param {number} capacity */
  constructor(capacity) {
    this.values = new Float64Array(capacity);
    this.seen = 0;
  }

  /** @param {number} value */
  add(value) {
    const capacity = this.values.length;
    if (this.seen < capacity) {
      this.values[this.seen++] = value;
      return;
    }
    this.seen++;
    const slot = Math.floor(Math.random() * this.seen);
    if (slot < capacity) this.values[slot] = value;
  }

  /**
   * @param {number} p From 0 to 1.
   * @returns {number}
   */
  percentile(p) {
    const kept = this.values.subarray(
      0,
      Math.min(this.seen, this.values.length),
    );
    return percentile(Float64Array.from(kept).sort(), p);
  }
}
