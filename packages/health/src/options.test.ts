import { CoreErrorCode, isStelarError } from '@stelar/core';
import type { Logger, StelarError } from '@stelar/core';
import { describe, expect, it } from 'vitest';
import {
  resolveHealthHandlerOptions,
  type HealthHandlerOptions,
} from './options.js';

function noop(): void {}

const LOGGER: Logger = { debug: noop, info: noop, warn: noop, error: noop };

function validOptions(): HealthHandlerOptions {
  return {
    path: '/health',
    getStats: () => {
      throw new Error('not called while resolving');
    },
    getAllowedOrigins: () => null,
    logger: LOGGER,
  };
}

function catchError(run: () => unknown): StelarError {
  try {
    run();
  } catch (error) {
    if (isStelarError(error)) return error;
    throw error;
  }
  throw new Error('expected a StelarError');
}

describe('resolveHealthHandlerOptions()', () => {
  it('returns a frozen copy of the options', () => {
    const options = validOptions();

    const resolved = resolveHealthHandlerOptions(options);

    expect(resolved).not.toBe(options);
    expect(resolved).toEqual(options);
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(options)).toBe(false);
  });

  it('rejects a path without a leading slash or with a query', () => {
    for (const path of ['health', '', '/health?x=1', '/health#top']) {
      const error = catchError(() =>
        resolveHealthHandlerOptions({ ...validOptions(), path }),
      );

      expect(error.code).toBe(CoreErrorCode.OPTIONS_INVALID);
      expect(error.details).toEqual([
        { path: 'path', message: expect.any(String) },
      ]);
    }
  });

  it('lists every offending option in details', () => {
    const options = {
      path: '/health',
      getStats: 'stats',
      getAllowedOrigins: undefined,
      customHealthHandler: 42,
      logger: {},
    } as unknown as HealthHandlerOptions;

    const error = catchError(() => resolveHealthHandlerOptions(options));

    expect(error.code).toBe(CoreErrorCode.OPTIONS_INVALID);
    expect(error.details).toEqual([
      { path: 'getStats', message: 'expected a function' },
      { path: 'getAllowedOrigins', message: 'expected a function' },
      {
        path: 'customHealthHandler',
        message: 'expected a function (req, res, stats)',
      },
      { path: 'logger', message: 'expected a Logger' },
    ]);
  });
});
