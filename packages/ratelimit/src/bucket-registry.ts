import type { RateLimitConfig } from '@stelar/core';

import { TokenBucket, type Clock } from './token-bucket.js';

/**
 * The built-in buckets of every client and the configs that shape them.
 * Buckets are made lazily, on a client's first message that needs one.
 * Configs reach it already validated by RateLimiter.
 */
export class BucketRegistry {
  #global: RateLimitConfig | false = false;
  readonly #eventConfigs = new Map<string, RateLimitConfig>();
  readonly #clientConfigs = new Map<string, RateLimitConfig>();
  // One bucket per client holds the global limit or the client's override:
  // an override replaces the global bucket, so they never coexist.
  readonly #mainBuckets = new Map<string, TokenBucket>();
  // Keyed by client first: forget() runs on every disconnect and drops one
  // entry here, while removing an event limit is a rare runtime call that
  // may afford a walk over every client.
  readonly #eventBuckets = new Map<string, Map<string, TokenBucket>>();
  readonly #now: Clock | undefined;

  constructor(now: Clock | undefined) {
    this.#now = now;
  }

  /** Charges one point to each bucket that applies; true admits it. */
  consume(clientId: string, event: string | undefined): boolean {
    const main = this.#mainBucket(clientId);
    const perEvent =
      event === undefined ? undefined : this.#eventBucket(clientId, event);

    // Both buckets must hold the point before either gives it up, so that a
    // message refused by one costs the other nothing.
    if (main !== undefined && !main.canTake()) return false;
    if (perEvent !== undefined && !perEvent.canTake()) return false;

    main?.take();
    perEvent?.take();
    return true;
  }

  /** Drops every bucket of `clientId` and its override. */
  forget(clientId: string): void {
    this.#mainBuckets.delete(clientId);
    this.#eventBuckets.delete(clientId);
    this.#clientConfigs.delete(clientId);
  }

  /** The number of live buckets. */
  size(): number {
    let count = this.#mainBuckets.size;
    for (const buckets of this.#eventBuckets.values()) count += buckets.size;
    return count;
  }

  /** Drops every bucket and keeps the configs. */
  clearBuckets(): void {
    this.#mainBuckets.clear();
    this.#eventBuckets.clear();
  }

  /** Sets the global limit; `false` removes it. */
  setGlobal(config: RateLimitConfig | false): void {
    this.#global = config === false ? false : copyConfig(config);

    for (const clientId of this.#mainBuckets.keys()) {
      if (!this.#clientConfigs.has(clientId)) this.#reshapeMain(clientId);
    }
  }

  /** Sets or replaces the limit of one event. */
  setEvent(event: string, config: RateLimitConfig): void {
    const frozen = copyConfig(config);
    this.#eventConfigs.set(event, frozen);

    // Reshaped rather than refilled, for the reason given at #reshapeMain.
    for (const buckets of this.#eventBuckets.values()) {
      buckets.get(event)?.reshape(frozen);
    }
  }

  /** Removes the limit of one event and its buckets. */
  removeEvent(event: string): void {
    this.#eventConfigs.delete(event);

    for (const [clientId, buckets] of this.#eventBuckets) {
      buckets.delete(event);
      if (buckets.size === 0) this.#eventBuckets.delete(clientId);
    }
  }

  /** Sets the override that replaces the global limit for one client. */
  setClient(clientId: string, config: RateLimitConfig): void {
    this.#clientConfigs.set(clientId, copyConfig(config));
    this.#reshapeMain(clientId);
  }

  /** Removes a client's override, returning it to the global limit. */
  removeClient(clientId: string): void {
    this.#clientConfigs.delete(clientId);
    this.#reshapeMain(clientId);
  }

  #mainConfig(clientId: string): RateLimitConfig | undefined {
    const override = this.#clientConfigs.get(clientId);
    if (override !== undefined) return override;

    return this.#global === false ? undefined : this.#global;
  }

  #mainBucket(clientId: string): TokenBucket | undefined {
    const existing = this.#mainBuckets.get(clientId);
    if (existing !== undefined) return existing;

    const config = this.#mainConfig(clientId);
    if (config === undefined) return undefined;

    const bucket = new TokenBucket(config, this.#now);
    this.#mainBuckets.set(clientId, bucket);
    return bucket;
  }

  #eventBucket(clientId: string, event: string): TokenBucket | undefined {
    const config = this.#eventConfigs.get(event);
    if (config === undefined) return undefined;

    let buckets = this.#eventBuckets.get(clientId);
    if (buckets === undefined) {
      buckets = new Map();
      this.#eventBuckets.set(clientId, buckets);
    }

    let bucket = buckets.get(event);
    if (bucket === undefined) {
      bucket = new TokenBucket(config, this.#now);
      buckets.set(event, bucket);
    }
    return bucket;
  }

  // A change of config reshapes a live bucket rather than refilling it: the
  // client keeps the points it had (capped at the new maximum), so changing
  // limits at runtime neither hands a flooding client a fresh burst nor
  // takes from a quiet one what it has saved.
  #reshapeMain(clientId: string): void {
    const bucket = this.#mainBuckets.get(clientId);
    if (bucket === undefined) return;

    const config = this.#mainConfig(clientId);
    if (config === undefined) {
      this.#mainBuckets.delete(clientId);
      return;
    }
    bucket.reshape(config);
  }
}

// A copy, so that a caller who later edits its object does not change a
// limit behind the limiter's back.
function copyConfig(config: RateLimitConfig): RateLimitConfig {
  return Object.freeze({
    maxPoints: config.maxPoints,
    windowMs: config.windowMs,
  });
}
