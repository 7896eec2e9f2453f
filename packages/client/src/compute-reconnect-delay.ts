// Past this many doublings any base delay has reached any sensible cap; the
// bound keeps 2 ** n finite, and 0 * Infinity out of the arithmetic.
const MAX_DOUBLINGS = 30;

/** The jittered delay spans [2/3 of its ceiling, the ceiling]. */
const JITTER_FLOOR = 2 / 3;

/** The ceiling of each step is 1.5 times the doubled base. */
const JITTER_SPAN = 1.5;

/**
 * The delay before reconnection attempt `attempt` (1 for the first), in
 * milliseconds: exponential growth from `baseMs`, capped at `maxMs`, with
 * jitter so that the clients of a restarted server do not all come back in
 * the same instant. The result always lies in [baseMs, maxMs].
 *
 * Attempt n draws uniformly from [lower, upper], where
 * upper = min(maxMs, 1.5 · baseMs · 2^(n-1)) and
 * lower = max(baseMs, 2/3 · upper): [base, 1.5·base] first, then
 * [2·base, 3·base], …, and [2/3·max, max] once capped, so even the first
 * attempt and the capped ones are spread.
 *
 * Pure: `random` (in [0, 1)) is the only source of chance, so a test can
 * pass 0 or 0.999 and assert the bounds exactly.
 */
export function computeReconnectDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: number = Math.random(),
): number {
  const doublings = Math.min(Math.max(attempt - 1, 0), MAX_DOUBLINGS);
  const upper = Math.min(maxMs, JITTER_SPAN * baseMs * 2 ** doublings);
  const lower = Math.min(upper, Math.max(baseMs, JITTER_FLOOR * upper));
  return Math.round(lower + random * (upper - lower));
}
