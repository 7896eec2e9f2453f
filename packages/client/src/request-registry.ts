import { RefusalCode } from '@stelar/protocol';
import { StelarError } from './errors.js';
import { PendingReply } from './pending-reply.js';

/** A request waiting for its reply. */
export interface OpenRequest {
  correlationId: string;
  reply: PendingReply<unknown>;
}

/**
 * The requests waiting for their reply, by correlation id. Ids are a
 * counter: unique among the client's pending requests, as the protocol asks.
 */
export class RequestRegistry {
  private readonly pending = new Map<string, PendingReply<unknown>>();
  private sequence = 0;

  /**
   * Opens a request that rejects with `TIMEOUT` after `timeoutMs`; then
   * `onExpired` lets the caller forget it too.
   */
  open(
    event: string,
    timeoutMs: number,
    onExpired: (reply: PendingReply<unknown>) => void,
  ): OpenRequest {
    const correlationId = String(++this.sequence);
    const reply = new PendingReply<unknown>(timeoutMs, (expired) => {
      this.pending.delete(correlationId);
      expired.reject(
        new StelarError(
          RefusalCode.TIMEOUT,
          `request "${event}" got no reply within ackTimeout (${timeoutMs} ms)`,
        ),
      );
      onExpired(expired);
    });
    this.pending.set(correlationId, reply);
    return { correlationId, reply };
  }

  /**
   * Settles request `correlationId` with the server's reply; false when no
   * request waits for it (it timed out already).
   */
  settle(
    correlationId: string,
    data: unknown,
    error: { code: string; message: string } | undefined,
  ): boolean {
    const reply = this.pending.get(correlationId);
    if (reply === undefined) return false;
    this.pending.delete(correlationId);
    if (error === undefined) reply.resolve(data);
    else reply.reject(new StelarError(error.code, error.message));
    return true;
  }

  /** Stops tracking `reply`, settled elsewhere. Rare: a queue overflow. */
  forget(reply: PendingReply<unknown>): void {
    for (const [id, pending] of this.pending) {
      if (pending === reply) this.pending.delete(id);
    }
  }

  /** Rejects the requests already sent (or, with `all`, every one). */
  fail(error: () => StelarError, all: boolean): void {
    for (const [id, reply] of this.pending) {
      if (!all && !reply.sent) continue;
      this.pending.delete(id);
      reply.reject(error());
    }
  }
}
