import { unrefTimer } from './unref-timer.js';

/**
 * A promise waiting for the server's answer (a request's reply, a room
 * confirmation), with the timer that bounds the wait. `sent` tells whether
 * the message left the client: only those are lost when the link drops.
 */
export class PendingReply<T> {
  readonly promise: Promise<T>;
  sent = false;
  private settled = false;
  private timer: ReturnType<typeof setTimeout> | null;
  private resolveWith!: (value: T) => void;
  private rejectWith!: (error: unknown) => void;

  /** `onTimeout` runs when `timeoutMs` pass unanswered; it settles this. */
  constructor(timeoutMs: number, onTimeout: (reply: PendingReply<T>) => void) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveWith = resolve;
      this.rejectWith = reject;
    });
    this.timer = unrefTimer(setTimeout(onTimeout, timeoutMs, this));
  }

  get isSettled(): boolean {
    return this.settled;
  }

  resolve(value: T): void {
    if (this.finish()) this.resolveWith(value);
  }

  reject(error: unknown): void {
    if (this.finish()) this.rejectWith(error);
  }

  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    return true;
  }
}
