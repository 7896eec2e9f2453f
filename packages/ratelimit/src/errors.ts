/** The error codes of `@stelar/ratelimit`. */
export const RateLimitErrorCode = {
  RATE_LIMIT_INVALID: 'ERR_RATE_LIMIT_INVALID',
  RATE_LIMIT_COST_INVALID: 'ERR_RATE_LIMIT_COST_INVALID',
  RATE_LIMIT_CUSTOM_INVALID: 'ERR_RATE_LIMIT_CUSTOM_INVALID',
  IP_LIMIT_INVALID: 'ERR_IP_LIMIT_INVALID',
} as const;

/** One of the error codes of `@stelar/ratelimit`. */
export type RateLimitErrorCode =
  (typeof RateLimitErrorCode)[keyof typeof RateLimitErrorCode];

/** Message of each rate-limit error code, for the registry test. */
export const RATE_LIMIT_ERROR_MESSAGES: Record<
  keyof typeof RateLimitErrorCode,
  string
> = {
  RATE_LIMIT_INVALID: 'a rate-limit config is not two positive finite numbers',
  RATE_LIMIT_COST_INVALID: 'a bucket cost is not a non-negative finite number',
  RATE_LIMIT_CUSTOM_INVALID: 'customRateLimiter lacks one of its methods',
  IP_LIMIT_INVALID: 'the per-IP connection limit is not a positive integer',
};
