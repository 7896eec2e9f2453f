import type { IncomingMessage, ServerResponse } from 'node:http';
import { CoreErrorCode, StelarError } from '@stelar/core';
import type { Logger, StelarStats } from '@stelar/core';

/**
 * Answers `GET` and `HEAD` on the health path in place of the built-in
 * document. It receives the raw request and response and the current stats.
 */
export type CustomHealthHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  stats: StelarStats,
) => void | Promise<void>;

/** Options of `createHealthHandler`. */
export interface HealthHandlerOptions {
  /** Path of the endpoint, such as `/health`; the query string is ignored. */
  path: string;
  /** Reads the figures served; called once per `GET` or `HEAD`. */
  getStats: () => StelarStats;
  /**
   * Reads the origins that get `Access-Control-Allow-Origin`, on every
   * request, since the list can change at runtime. `null` or `undefined`
   * allows every origin (`*`).
   */
  getAllowedOrigins: () => readonly string[] | null | undefined;
  /** Replaces the built-in `GET`/`HEAD` answer; CORS headers are set first. */
  customHealthHandler?: CustomHealthHandler;
  /** Receives one `error` line when answering fails. */
  logger: Logger;
}

/** One offending option, as listed in `ERR_OPTIONS_INVALID` details. */
interface OptionIssue {
  path: string;
  message: string;
}

const PATH_PATTERN = /^\/[^?#]*$/;

/**
 * Checks the options of `createHealthHandler` and returns a frozen copy, so
 * that a later change to the caller's object has no effect.
 *
 * @throws StelarError `ERR_OPTIONS_INVALID` listing every offending option.
 */
export function resolveHealthHandlerOptions(
  options: HealthHandlerOptions,
): Readonly<HealthHandlerOptions> {
  const issues = findIssues(options);
  if (issues.length > 0) {
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new StelarError(
      CoreErrorCode.OPTIONS_INVALID,
      `Invalid createHealthHandler options: ${list}`,
      { details: issues },
    );
  }

  return Object.freeze({ ...options });
}

function findIssues(options: HealthHandlerOptions): OptionIssue[] {
  const issues: OptionIssue[] = [];
  const { path, customHealthHandler, logger } = options;

  if (typeof path !== 'string' || !PATH_PATTERN.test(path)) {
    issues.push({
      path: 'path',
      message: `expected a path starting with "/", got ${JSON.stringify(path)}`,
    });
  }
  for (const name of ['getStats', 'getAllowedOrigins'] as const) {
    if (typeof options[name] !== 'function') {
      issues.push({ path: name, message: 'expected a function' });
    }
  }
  if (
    customHealthHandler !== undefined &&
    typeof customHealthHandler !== 'function'
  ) {
    issues.push({
      path: 'customHealthHandler',
      message: 'expected a function (req, res, stats)',
    });
  }
  if (typeof logger?.error !== 'function') {
    issues.push({ path: 'logger', message: 'expected a Logger' });
  }
  return issues;
}
