import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createLogger()', () => {
  it('writes the levels at and above the threshold to stderr', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const logger = createLogger('warn');
    logger.info({ a: 1 }, 'hidden');
    logger.warn({ code: 'X' }, 'shown');
    logger.error('failed');
    expect(warn).toHaveBeenCalledWith(
      '[stelar-client] warn shown {"code":"X"}',
    );
    expect(error).toHaveBeenCalledWith('[stelar-client] error failed');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('writes nothing for false or silent', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const option of [false, 'silent'] as const) {
      createLogger(option).error('x');
    }
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('uses a given logger as it is', () => {
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    expect(createLogger(logger)).toBe(logger);
  });
});
