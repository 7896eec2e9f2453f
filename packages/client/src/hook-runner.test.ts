import { describe, expect, it, vi } from 'vitest';
import { HookRunner } from './hook-runner.js';
import type { Logger } from './logger.js';

function quietLogger(): Logger & { errors: unknown[] } {
  const errors: unknown[] = [];
  const noop = () => {};
  return {
    errors,
    debug: noop,
    info: noop,
    warn: noop,
    error: ((fields: unknown) => errors.push(fields)) as Logger['error'],
  };
}

describe('HookRunner', () => {
  describe('run()', () => {
    it('returns what a hook returns, undefined for an absent hook', () => {
      const runner = new HookRunner(
        { onReconnectDelay: () => 42 },
        quietLogger(),
      );
      expect(
        runner.run('onReconnectDelay', { attempt: 1, defaultDelay: 5 }),
      ).toBe(42);
      expect(
        runner.run('onBeforeEmit', { event: 'x', data: 1 }),
      ).toBeUndefined();
    });

    it('treats a hook that throws as returning nothing and reports it', () => {
      const failures: { error: unknown; context: string }[] = [];
      const boom = new Error('hook bug');
      const runner = new HookRunner(
        {
          onBeforeEmit: () => {
            throw boom;
          },
          onError: (failure) => failures.push(failure),
        },
        quietLogger(),
      );
      expect(
        runner.run('onBeforeEmit', { event: 'x', data: 1 }),
      ).toBeUndefined();
      expect(failures).toEqual([{ error: boom, context: 'hook onBeforeEmit' }]);
    });

    it('ignores the value of an async hook but reports its rejection', async () => {
      const onError = vi.fn();
      const runner = new HookRunner(
        {
          onBeforeEmit: async () => {
            throw new Error('late');
          },
          onError,
        },
        quietLogger(),
      );
      expect(
        runner.run('onBeforeEmit', { event: 'x', data: 1 }),
      ).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(onError).toHaveBeenCalledWith({
        error: expect.objectContaining({ message: 'late' }),
        context: 'hook onBeforeEmit',
      });
    });
  });

  describe('contain()', () => {
    it('logs when there is no onError hook, or when onError itself throws', () => {
      const logger = quietLogger();
      const runner = new HookRunner({}, logger);
      runner.contain(new Error('a'), 'listener "x"');
      runner.configure(
        {
          onError: () => {
            throw new Error('b');
          },
        },
        logger,
      );
      runner.contain(new Error('c'), 'listener "x"');
      expect(logger.errors).toHaveLength(2);
    });
  });
});
