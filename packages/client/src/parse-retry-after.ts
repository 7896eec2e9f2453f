/**
 * Reads an HTTP `Retry-After` value, either delay-seconds or an HTTP date,
 * as milliseconds from `nowMs`; `null` when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | undefined,
  nowMs: number = Date.now(),
): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;

  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}
