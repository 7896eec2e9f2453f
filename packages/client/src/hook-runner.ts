import type { ClientHooks } from './client-hooks.js';
import { isThenable } from './is-thenable.js';
import type { Logger } from './logger.js';

/** A hook other than `onError`, which reports the failures of the others. */
type RunnableHook = Exclude<keyof ClientHooks, 'onError'>;

/**
 * Calls the user's code (hooks, listeners, callbacks) so that nothing it
 * throws or rejects reaches the client: failures go to the `onError` hook,
 * or to the log when there is none.
 */
export class HookRunner {
  private hooks: ClientHooks;
  private currentLogger: Logger;

  constructor(hooks: ClientHooks, logger: Logger) {
    this.hooks = hooks;
    this.currentLogger = logger;
  }

  /** The logger of the `logger` option, for the client's own lines too. */
  get logger(): Logger {
    return this.currentLogger;
  }

  /** Takes the hooks and logger of new options (`updateOptions`). */
  configure(hooks: ClientHooks, logger: Logger): void {
    this.hooks = hooks;
    this.currentLogger = logger;
  }

  /** Runs hook `name`; returns what it returned, `undefined` on failure. */
  run<Name extends RunnableHook>(
    name: Name,
    payload: Parameters<NonNullable<ClientHooks[Name]>>[0],
  ): unknown {
    const hook = this.hooks[name] as
      ((p: typeof payload) => unknown) | undefined;
    if (hook === undefined) return undefined;
    const result = this.call(() => hook(payload), `hook ${name}`);
    // Hooks decide synchronously; a promise decides nothing.
    return isThenable(result) ? undefined : result;
  }

  /** Calls `fn`, containing what it throws or rejects; returns its result. */
  call(fn: () => unknown, context: string): unknown {
    try {
      const result = fn();
      if (isThenable(result)) {
        result.then(undefined, (error: unknown) =>
          this.contain(error, context),
        );
      }
      return result;
    } catch (error) {
      this.contain(error, context);
      return undefined;
    }
  }

  /** Reports a failure of user code; `context` says whose. */
  contain(error: unknown, context: string): void {
    const onError = this.hooks.onError;
    if (onError === undefined) {
      this.logger.error({ err: error, context }, 'listener or hook failed');
      return;
    }
    try {
      const result = onError({ error, context });
      if (isThenable(result)) {
        result.then(undefined, (failure: unknown) =>
          this.onErrorFailed(failure),
        );
      }
    } catch (failure) {
      this.onErrorFailed(failure);
    }
  }

  private onErrorFailed(failure: unknown): void {
    this.logger.error({ err: failure }, 'onError hook failed');
  }
}
