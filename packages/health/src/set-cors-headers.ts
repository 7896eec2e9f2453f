import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOriginAllowed } from '@stelar/core';

/**
 * Sets `Access-Control-Allow-Origin` on a health answer: `*` without an
 * allow-list, the request's origin when it is listed, nothing otherwise.
 * An unlisted origin is still answered: the document is not secret, and the
 * browser is the one that withholds it from the page.
 */
export function setCorsHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: readonly string[] | null | undefined,
): void {
  if (allowed === null || allowed === undefined) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    return;
  }

  // With a list the answer depends on Origin even when it carries no
  // Access-Control-Allow-Origin, so a shared cache must key on it in both
  // cases or it could hand one origin's answer to another.
  res.setHeader('Vary', 'Origin');

  const { origin } = req.headers;
  if (origin === undefined || !isOriginAllowed(origin, allowed)) return;

  // Echo the origin as the browser sent it, not as it is listed: browsers
  // compare this header with their origin case-sensitively.
  res.setHeader('Access-Control-Allow-Origin', origin);
}
