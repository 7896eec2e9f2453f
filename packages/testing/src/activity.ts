/**
 * Lets a test client wait for "something arrived" with a bound: `wait(ms)`
 * resolves on the next `wake()` or after `ms`, whichever comes first.
 */
export class Activity {
  private waiters: Array<() => void> = [];

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
