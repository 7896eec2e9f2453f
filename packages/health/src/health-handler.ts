import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@stelar/core';
import { matchesPath } from './matches-path.js';
import {
  resolveHealthHandlerOptions,
  type HealthHandlerOptions,
} from './options.js';
import { sendJson } from './send-json.js';
import { setCorsHeaders } from './set-cors-headers.js';

/**
 * Answers a request on the health path and returns `true`, or returns
 * `false` without touching the request or the response, so that the caller
 * can route it elsewhere.
 */
export type HealthHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => boolean;

const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';

/** Seconds a browser may reuse a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = '600';

const FAILURE_BODY = { status: 'error', error: 'health handler failed' };

/**
 * Builds the health endpoint as a function to call first in an HTTP
 * server's request listener. It answers `GET` and `HEAD` with the stats as
 * JSON plus `status: "ok"`, `OPTIONS` with a CORS preflight, and any other
 * method with `405`. A failure, of `getStats` or of a custom handler, is
 * logged and answered with `500`; it never reaches the server.
 *
 * @example
 * const health = createHealthHandler({
 *   path: '/health',
 *   getStats: () => server.getStats(),
 *   getAllowedOrigins: () => null,
 *   logger,
 * });
 * http.createServer((req, res) => {
 *   if (health(req, res)) return;
 *   res.writeHead(404).end();
 * });
 *
 * @throws StelarError `ERR_OPTIONS_INVALID` listing every offending option.
 */
export function createHealthHandler(
  options: HealthHandlerOptions,
): HealthHandler {
  const settings = resolveHealthHandlerOptions(options);

  return (req, res) => {
    if (!matchesPath(req.url, settings.path)) return false;

    void answerHealth(settings, req, res);
    return true;
  };
}

async function answerHealth(
  settings: Readonly<HealthHandlerOptions>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    setCorsHeaders(req, res, settings.getAllowedOrigins());

    switch (req.method) {
      case 'GET':
      case 'HEAD':
        await answerDocument(settings, req, res);
        return;
      case 'OPTIONS':
        answerPreflight(req, res);
        return;
      default:
        answerNotAllowed(req, res);
    }
  } catch (err) {
    failHealth(settings.logger, req, res, err);
  }
}

async function answerDocument(
  settings: Readonly<HealthHandlerOptions>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const stats = settings.getStats();

  if (settings.customHealthHandler === undefined) {
    sendJson(req, res, 200, { status: 'ok', ...stats });
    return;
  }
  await settings.customHealthHandler(req, res, stats);
}

function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.statusCode = 204;
  res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);

  const requested = req.headers['access-control-request-headers'];
  if (requested !== undefined) {
    res.setHeader('Access-Control-Allow-Headers', requested);
  }
  res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
  res.end();
}

function answerNotAllowed(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Allow', ALLOWED_METHODS);
  sendJson(req, res, 405, { status: 'error', error: 'method not allowed' });
}

function failHealth(
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  err: unknown,
): void {
  logger.error({ err }, 'health handler failed');
  if (res.writableEnded) return;

  // A status line already on the wire cannot become a 500. Cutting the
  // connection tells the client the body is incomplete, where ending it
  // would pass a truncated document off as whole.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(req, res, 500, FAILURE_BODY);
}
