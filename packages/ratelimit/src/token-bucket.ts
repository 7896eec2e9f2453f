import { StelarError, type RateLimitConfig } from '@stelar/core';

import { assertRateLimitConfig } from './assert-rate-limit-config.js';
import { RateLimitErrorCode } from './errors.js';
import { formatValue } from './format-value.js';

/** A source of the current time in milliseconds, injectable for tests. */
export type Clock = () => number;

// performance.now is monotonic: a wall-clock step (NTP, a manual change)
// neither refills every bucket at once nor freezes them, as Date.now could.
function monotonicNow(): number {
  return performance.now();
}

/**
 * A token bucket holding up to `maxPoints` points and refilled continuously
 * at `maxPoints` per `windowMs`, so a client may burst up to `maxPoints` and
 * then goes at the steady rate. It owns no timer: each call settles the
 * refill owed since the previous one.
 *
 * @example
 * const bucket = new TokenBucket({ maxPoints: 5, windowMs: 1000 });
 * if (!bucket.take()) refuse();
 */
export class TokenBucket {
  #maxPoints: number;
  #windowMs: number;
  // Counted in point-milliseconds (points × windowMs) so that the refill of
  // an integer clock stays an exact integer: 3 points per 1000 ms credit 3
  // units per ms and hold exactly 3 points 1000 ms later, where adding 0.003
  // point per ms would fall just short and refuse a message the window allows.
  #level: number;
  #updatedAt: number;
  readonly #now: Clock;

  /**
   * Starts full.
   *
   * @param now - the clock, in milliseconds; defaults to `performance.now`.
   * @throws StelarError `ERR_RATE_LIMIT_INVALID` when `config` is not two
   * positive finite numbers.
   */
  constructor(config: RateLimitConfig, now: Clock = monotonicNow) {
    assertRateLimitConfig(config, 'the bucket config');
    this.#maxPoints = config.maxPoints;
    this.#windowMs = config.windowMs;
    this.#level = this.#capacity();
    this.#now = now;
    this.#updatedAt = now();
  }

  /** The most points the bucket holds. */
  get maxPoints(): number {
    return this.#maxPoints;
  }

  /** Milliseconds the bucket takes to refill from empty to full. */
  get windowMs(): number {
    return this.#windowMs;
  }

  /** The points available now, possibly fractional. */
  get points(): number {
    this.#refill();
    return this.#level / this.#windowMs;
  }

  /**
   * Tells whether `cost` points are available now, without taking them.
   *
   * @throws StelarError `ERR_RATE_LIMIT_COST_INVALID` for a negative or
   * non-finite cost.
   */
  canTake(cost = 1): boolean {
    assertCost(cost);
    this.#refill();
    return this.#level >= cost * this.#windowMs;
  }

  /**
   * Takes `cost` points when all of them are available; otherwise takes
   * nothing and returns false.
   *
   * @throws StelarError `ERR_RATE_LIMIT_COST_INVALID` for a negative or
   * non-finite cost.
   */
  take(cost = 1): boolean {
    if (!this.canTake(cost)) return false;

    this.#level -= cost * this.#windowMs;
    return true;
  }

  /**
   * Gives the bucket a new shape. The points it holds carry over, capped at
   * the new `maxPoints`, and refill at the new rate from now on.
   *
   * @throws StelarError `ERR_RATE_LIMIT_INVALID` when `config` is not two
   * positive finite numbers.
   */
  reshape(config: RateLimitConfig): void {
    assertRateLimitConfig(config, 'the bucket config');
    const points = this.points;

    this.#maxPoints = config.maxPoints;
    this.#windowMs = config.windowMs;
    this.#level = Math.min(points * this.#windowMs, this.#capacity());
  }

  #capacity(): number {
    return this.#maxPoints * this.#windowMs;
  }

  #refill(): void {
    const now = this.#now();

    // An injected clock may step back (Date.now under NTP). Crediting nothing
    // for that step and restarting from the new reading never freezes the
    // bucket, and the cap bounds any time credited twice to one full bucket.
    const elapsedMs = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    this.#level = Math.min(
      this.#capacity(),
      this.#level + elapsedMs * this.#maxPoints,
    );
  }
}

function assertCost(cost: number): void {
  if (Number.isFinite(cost) && cost >= 0) return;

  throw new StelarError(
    RateLimitErrorCode.RATE_LIMIT_COST_INVALID,
    `cost must be a non-negative finite number, got ${formatValue(cost)}`,
    { details: { cost } },
  );
}
