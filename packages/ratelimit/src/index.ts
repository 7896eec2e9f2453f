export { RATE_LIMIT_ERROR_MESSAGES, RateLimitErrorCode } from './errors.js';
export { IPTracker } from './ip-tracker.js';
export { RateLimiter } from './rate-limiter.js';
export { TokenBucket } from './token-bucket.js';
export type { Clock } from './token-bucket.js';
