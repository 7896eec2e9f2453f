/**
 * Tells whether the request target `url` names exactly `path`, ignoring the
 * query string, so that `/health?probe=1` matches `/health`.
 */
export function matchesPath(url: string | undefined, path: string): boolean {
  if (url === undefined) return false;

  const end = url.indexOf('?');
  const pathname = end === -1 ? url : url.slice(0, end);
  return pathname === path;
}
