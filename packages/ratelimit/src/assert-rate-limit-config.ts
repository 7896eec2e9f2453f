import { StelarError, type RateLimitConfig } from '@stelar/core';

import { RateLimitErrorCode } from './errors.js';
import { formatValue } from './format-value.js';

const FIELDS = ['maxPoints', 'windowMs'] as const;

/**
 * Checks that `config` is a bucket shape: `maxPoints` and `windowMs` both
 * positive finite numbers. `label` names the config in the message, such as
 * `rateLimit` or `eventRateLimits["chat"]`.
 *
 * @throws StelarError `ERR_RATE_LIMIT_INVALID` naming the first bad value.
 */
export function assertRateLimitConfig(
  config: unknown,
  label: string,
): asserts config is RateLimitConfig {
  if (typeof config !== 'object' || config === null) {
    throw new StelarError(
      RateLimitErrorCode.RATE_LIMIT_INVALID,
      `${label} must be an object with maxPoints and windowMs, got ${formatValue(config)}`,
      { details: { label, value: config } },
    );
  }

  for (const field of FIELDS) {
    const value = (config as Record<string, unknown>)[field];
    if (isPositiveFinite(value)) continue;

    throw new StelarError(
      RateLimitErrorCode.RATE_LIMIT_INVALID,
      `${field} of ${label} must be a positive finite number, got ${formatValue(value)}`,
      { details: { label, field, value } },
    );
  }
}

function isPositiveFinite(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
