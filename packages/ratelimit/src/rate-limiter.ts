import {
  StelarError,
  type IRateLimiter,
  type MessageRateLimiter,
  type RateLimitConfig,
  type RateLimitOptions,
} from '@stelar/core';

import { assertRateLimitConfig } from './assert-rate-limit-config.js';
import { BucketRegistry } from './bucket-registry.js';
import { callQuietly } from './call-quietly.js';
import { RateLimitErrorCode } from './errors.js';
import { formatValue } from './format-value.js';
import type { Clock } from './token-bucket.js';

const CUSTOM_METHODS = ['check', 'reset', 'cleanup', 'size'] as const;

/**
 * The default rate-limit policy of the server. Each client has one main
 * bucket, shaped by its override when it has one and by `rateLimit`
 * otherwise; each limited event adds a bucket per client. A message is
 * admitted only when every bucket that applies has a point, and it then
 * costs one point in each. A `customRateLimiter` replaces all of this.
 *
 * @example
 * const limiter = new RateLimiter({
 *   rateLimit: { maxPoints: 100, windowMs: 1000 },
 *   eventRateLimits: { chat: { maxPoints: 5, windowMs: 1000 } },
 * });
 * if (!limiter.consume(clientId, 'chat')) refuse();
 */
export class RateLimiter implements MessageRateLimiter {
  readonly #buckets: BucketRegistry;
  // The event limits of the last options applied, kept apart from those in
  // force so that configure() can tell what the options changed.
  #eventOptions = new Map<string, RateLimitConfig>();
  #custom: IRateLimiter | undefined;
  #customSize = 0;

  /**
   * Validates `options` once; buckets come later, with each client's first
   * message.
   *
   * @param now - the clock of every bucket, in milliseconds; defaults to
   * `performance.now`.
   * @throws StelarError `ERR_RATE_LIMIT_INVALID` for a bad bucket config,
   * `ERR_RATE_LIMIT_CUSTOM_INVALID` for a custom limiter lacking a method.
   */
  constructor(options: RateLimitOptions, now?: Clock) {
    assertRateLimitOptions(options);
    this.#buckets = new BucketRegistry(now);
    this.#buckets.setGlobal(options.rateLimit);
    this.#applyEventOptions(options.eventRateLimits);
    this.#custom = options.customRateLimiter;
  }

  /**
   * Charges one message of `event` to `clientId`; true admits it. With a
   * custom limiter, its `check` answers, sync or async, and a throw or a
   * rejection of it reaches the caller.
   */
  consume(
    clientId: string,
    event: string | undefined,
  ): boolean | Promise<boolean> {
    // LIMITATION: IRateLimiter.check takes no event, so a custom limiter
    // sees every message as one point for the client and per-event limits
    // do not apply while it is set. Lifts when check gains an event
    // argument.
    if (this.#custom !== undefined) return this.#custom.check(clientId, 1);

    return this.#buckets.consume(clientId, event);
  }

  /** Drops every bucket and the override of a client that has gone. */
  forget(clientId: string): void {
    this.#buckets.forget(clientId);

    const custom = this.#custom;
    if (custom !== undefined) callQuietly(() => custom.reset(clientId));
  }

  /**
   * The number of live buckets, or what the custom limiter's `size` last
   * reported: an async answer lands for the next call.
   */
  size(): number {
    if (this.#custom === undefined) return this.#buckets.size();

    this.#refreshCustomSize(this.#custom);
    return this.#customSize;
  }

  /**
   * Sets or replaces the bucket of `event`, in addition to the main one.
   *
   * @throws StelarError `ERR_RATE_LIMIT_INVALID` for a bad config.
   */
  setEventRateLimit(event: string, config: RateLimitConfig): void {
    assertRateLimitConfig(config, `eventRateLimits[${JSON.stringify(event)}]`);
    this.#buckets.setEvent(event, config);
  }

  /** Removes the bucket of `event` from every client. */
  removeEventRateLimit(event: string): void {
    this.#buckets.removeEvent(event);
  }

  /**
   * Gives `clientId` its own main bucket in place of `rateLimit`, also when
   * `rateLimit` is `false`. Forgetting the client drops it.
   *
   * @throws StelarError `ERR_RATE_LIMIT_INVALID` for a bad config.
   */
  setClientRateLimit(clientId: string, config: RateLimitConfig): void {
    const label = `the rate limit of client ${JSON.stringify(clientId)}`;
    assertRateLimitConfig(config, label);
    this.#buckets.setClient(clientId, config);
  }

  /** Returns `clientId` to the global limit. */
  removeClientRateLimit(clientId: string): void {
    this.#buckets.removeClient(clientId);
  }

  /**
   * Applies new options at runtime, all or nothing. Live buckets keep their
   * points, capped at their new maximum. Of the event limits, only those
   * that differ from the previous options change, so a limit set or removed
   * at runtime lasts until the options name that event anew. Client
   * overrides stay.
   *
   * @throws StelarError `ERR_RATE_LIMIT_INVALID` or
   * `ERR_RATE_LIMIT_CUSTOM_INVALID`, before anything changes.
   */
  configure(options: RateLimitOptions): void {
    assertRateLimitOptions(options);
    this.#buckets.setGlobal(options.rateLimit);
    this.#applyEventOptions(options.eventRateLimits);
    this.#useCustom(options.customRateLimiter);
  }

  /** Drops every bucket and runs the custom limiter's `cleanup`. */
  close(): void {
    this.#buckets.clearBuckets();

    const custom = this.#custom;
    if (custom !== undefined) callQuietly(() => custom.cleanup());
  }

  // The server hands configure() the event limits of its options, which
  // never include those of setEventRateLimit: making the limits exactly the
  // options would silently drop a runtime limit on any unrelated
  // updateConfig, such as one changing maxRooms.
  #applyEventOptions(next: Readonly<Record<string, RateLimitConfig>>): void {
    const previous = this.#eventOptions;
    // Copies, so that a caller editing its objects in place cannot hide a
    // change from the next comparison.
    this.#eventOptions = new Map(
      Object.entries(next).map(([event, config]) => [
        event,
        { maxPoints: config.maxPoints, windowMs: config.windowMs },
      ]),
    );

    for (const event of previous.keys()) {
      if (!this.#eventOptions.has(event)) this.#buckets.removeEvent(event);
    }

    for (const [event, config] of this.#eventOptions) {
      if (!sameConfig(previous.get(event), config)) {
        this.#buckets.setEvent(event, config);
      }
    }
  }

  #useCustom(next: IRateLimiter | undefined): void {
    const previous = this.#custom;
    if (next === previous) return;

    // Buckets counted before the switch describe no allowance in force
    // after it, and the replaced limiter gets its cleanup now because
    // close() only reaches the one in force when the server stops.
    this.#custom = next;
    this.#customSize = 0;
    this.#buckets.clearBuckets();
    if (previous !== undefined) callQuietly(() => previous.cleanup());
  }

  #refreshCustomSize(custom: IRateLimiter): void {
    callQuietly(() => {
      const result = custom.size();
      if (typeof result === 'number') {
        this.#recordCustomSize(custom, result);
        return undefined;
      }
      return Promise.resolve(result).then((count) => {
        this.#recordCustomSize(custom, count);
      });
    });
  }

  #recordCustomSize(custom: IRateLimiter, count: unknown): void {
    // An answer of a limiter replaced meanwhile no longer counts.
    if (this.#custom === custom && isCount(count)) this.#customSize = count;
  }
}

function assertRateLimitOptions(options: RateLimitOptions): void {
  if (options.rateLimit !== false) {
    assertRateLimitConfig(options.rateLimit, 'rateLimit');
  }

  for (const [event, config] of Object.entries(options.eventRateLimits)) {
    assertRateLimitConfig(config, `eventRateLimits[${JSON.stringify(event)}]`);
  }

  if (options.customRateLimiter !== undefined) {
    assertCustomLimiter(options.customRateLimiter);
  }
}

function assertCustomLimiter(custom: unknown): void {
  if (typeof custom !== 'object' || custom === null) {
    throw new StelarError(
      RateLimitErrorCode.RATE_LIMIT_CUSTOM_INVALID,
      `customRateLimiter must be an object with check, reset, cleanup and size, got ${formatValue(custom)}`,
      { details: { value: custom } },
    );
  }

  for (const method of CUSTOM_METHODS) {
    const value = (custom as Record<string, unknown>)[method];
    if (typeof value === 'function') continue;

    throw new StelarError(
      RateLimitErrorCode.RATE_LIMIT_CUSTOM_INVALID,
      `customRateLimiter.${method} must be a function, got ${formatValue(value)}`,
      { details: { method, value } },
    );
  }
}

function sameConfig(
  a: RateLimitConfig | undefined,
  b: RateLimitConfig,
): boolean {
  return a?.maxPoints === b.maxPoints && a.windowMs === b.windowMs;
}

// A user's size() may answer anything, and a NaN would reach the health
// document as null: only a count replaces the last known one.
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
