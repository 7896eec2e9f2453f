import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Ends `res` with `body` as JSON that no cache keeps, since a probe must see
 * the figures of the moment. A `HEAD` request gets the same headers,
 * `Content-Length` included, and no body.
 */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  statusCode: number,
  body: unknown,
): void {
  const text = JSON.stringify(body);

  res.statusCode = statusCode;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(req.method === 'HEAD' ? undefined : text);
}
