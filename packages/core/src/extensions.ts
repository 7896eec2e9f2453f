/** A token bucket's shape: `maxPoints` messages per `windowMs` milliseconds. */
export interface RateLimitConfig {
  maxPoints: number;
  windowMs: number;
}

/**
 * A user's own rate limiter (`customRateLimiter`). It replaces every built-in
 * bucket; `check` answers whether the client may spend `cost` points now.
 */
export interface IRateLimiter {
  check(id: string, cost?: number): boolean | Promise<boolean>;
  reset(id: string): void | Promise<void>;
  cleanup(): void | Promise<void>;
  size(): number | Promise<number>;
}

/** A user's own per-IP connection tracker (`customIPTracker`). */
export interface IIPTracker {
  /** Whether one more connection from `ip` may be admitted. */
  check(ip: string): boolean;
  add(ip: string): void;
  remove(ip: string): void;
  getCount(ip: string): number;
  cleanup(): void;
}

/**
 * What the kernel asks of the rate-limit policy for each message. The default
 * comes from `@stelar/ratelimit`; the kernel knows nothing of buckets.
 */
export interface MessageRateLimiter {
  /** Charges one message of `event` (absent for invalid ones); true admits it. */
  consume(
    clientId: string,
    event: string | undefined,
  ): boolean | Promise<boolean>;
  /** Forgets a client that has gone. */
  forget(clientId: string): void;
  /** Number of tracked entries, for stats (the last known one when async). */
  size(): number;
  setEventRateLimit(event: string, config: RateLimitConfig): void;
  removeEventRateLimit(event: string): void;
  setClientRateLimit(clientId: string, config: RateLimitConfig): void;
  removeClientRateLimit(clientId: string): void;
  /** Applies the rate-limit options of an `updateConfig` call. */
  configure(options: RateLimitOptions): void;
  /** Releases what the limiter holds; called once by `stop()`. */
  close(): void;
}

/** The rate-limit options, resolved. */
export interface RateLimitOptions {
  rateLimit: RateLimitConfig | false;
  eventRateLimits: Readonly<Record<string, RateLimitConfig>>;
  customRateLimiter?: IRateLimiter | undefined;
}
