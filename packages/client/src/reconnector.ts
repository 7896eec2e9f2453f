import { computeReconnectDelay } from './compute-reconnect-delay.js';
import type { HookRunner } from './hook-runner.js';
import type { ResolvedClientOptions } from './options.js';

/** setTimeout fires at once for delays past a signed 32-bit integer. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

function isDelay(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Counts reconnection attempts and waits between them. The wait is
 * `customReconnectDelay` or the jittered backoff, at least the server's
 * `Retry-After`, and finally what `onReconnectDelay` returns, if a number.
 */
export class Reconnector {
  private readonly hooks: HookRunner;
  private readonly onAttempt: (attempt: number) => void;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly fire = (): void => {
    this.timer = null;
    this.onAttempt(this.attempts);
  };

  constructor(hooks: HookRunner, onAttempt: (attempt: number) => void) {
    this.hooks = hooks;
    this.onAttempt = onAttempt;
  }

  /** The number of the latest attempt; 0 once connected. */
  get attempt(): number {
    return this.attempts;
  }

  /** Whether an attempt is waiting for its delay. */
  get waiting(): boolean {
    return this.timer !== null;
  }

  /** Starts counting again from the first attempt. */
  reset(): void {
    this.cancel();
    this.attempts = 0;
  }

  /**
   * Waits for the next attempt; false, scheduling nothing, when
   * `reconnectionAttempts` are used up.
   */
  schedule(
    options: ResolvedClientOptions,
    retryAfterMs: number | null,
  ): boolean {
    if (this.attempts >= options.reconnectionAttempts) return false;
    this.attempts++;
    const delay = this.delay(options, this.attempts, retryAfterMs);
    // Deliberately not unref'd, unlike every other timer of the client: a
    // client that has not been told to disconnect keeps its process alive
    // through the backoff as its socket does otherwise, or a Node.js worker
    // would exit quietly the first time its server restarts.
    this.timer = setTimeout(this.fire, Math.min(delay, MAX_TIMER_DELAY_MS));
    return true;
  }

  /** Skips the rest of the wait, if one is running. */
  now(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.fire();
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private delay(
    options: ResolvedClientOptions,
    attempt: number,
    retryAfterMs: number | null,
  ): number {
    const { reconnectionDelay: base, maxReconnectionDelay: max } = options;
    const computed =
      this.customDelay(options, attempt) ??
      computeReconnectDelay(attempt, base, max);
    const defaultDelay = Math.max(computed, retryAfterMs ?? 0);
    const chosen = this.hooks.run('onReconnectDelay', {
      attempt,
      defaultDelay,
    });
    return isDelay(chosen) ? chosen : defaultDelay;
  }

  private customDelay(
    options: ResolvedClientOptions,
    attempt: number,
  ): number | undefined {
    const custom = options.customReconnectDelay;
    if (custom === undefined) return undefined;
    const { reconnectionDelay: base, maxReconnectionDelay: max } = options;
    const delay = this.hooks.call(
      () => custom(attempt, base, max),
      'customReconnectDelay',
    );
    return isDelay(delay) ? delay : undefined;
  }
}
