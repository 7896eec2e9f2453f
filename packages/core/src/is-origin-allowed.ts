/**
 * Tells whether `origin`, the value of a request's `Origin` header, is on
 * the `allowed` list. The comparison is exact but case-insensitive, so
 * `https://App.example.com` matches `https://app.example.com`; nothing else
 * is normalised (a trailing slash or an explicit default port does not
 * match). A `null` or `undefined` list allows every origin, as the
 * `allowedOrigins` option documents. With a list, a request without an
 * `Origin` header is not matched, and the literal origin `null` (sent by
 * sandboxed frames and `file:` pages) matches only when listed.
 */
export function isOriginAllowed(
  origin: string | undefined,
  allowed: readonly string[] | null | undefined,
): boolean {
  if (allowed === null || allowed === undefined) return true;
  if (origin === undefined) return false;

  // Origins are ASCII (hosts arrive in punycode), so lower-casing both sides
  // is a complete case-insensitive comparison.
  const wanted = origin.toLowerCase();
  return allowed.some((entry) => entry.toLowerCase() === wanted);
}
