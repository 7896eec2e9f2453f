import { describe, expect, it, vi } from 'vitest';

import { callQuietly } from './call-quietly.js';

describe('callQuietly()', () => {
  it('runs the callback', () => {
    const run = vi.fn();

    callQuietly(run);

    expect(run).toHaveBeenCalledTimes(1);
  });

  it('swallows a throw', () => {
    expect(() => {
      callQuietly(() => {
        throw new Error('boom');
      });
    }).not.toThrow();
  });

  it('handles a rejection so none is reported as unhandled', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);

    try {
      callQuietly(() => Promise.reject(new Error('boom')));
      await new Promise((resolve) => {
        setImmediate(resolve);
      });
    } finally {
      process.off('unhandledRejection', unhandled);
    }

    expect(unhandled).not.toHaveBeenCalled();
  });
});
