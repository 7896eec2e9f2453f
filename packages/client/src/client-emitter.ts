import { isReservedEventName } from '@stelar/protocol';
import type { ClientEventMap } from './client-events.js';
import { ClientErrorCode, StelarError } from './errors.js';
import type { HookRunner } from './hook-runner.js';
import { ListenerRegistry, type Listener } from './listener-registry.js';

/** The key of `onAll` listeners: never a valid event name. */
const ALL_EVENTS = '*';

/** @throws StelarError `ERR_CLIENT_LISTENER_INVALID`. */
export function assertListener(listener: unknown, what: string): void {
  if (typeof listener !== 'function') {
    throw new StelarError(
      ClientErrorCode.LISTENER_INVALID,
      `${what} must be a function, got ${typeof listener}`,
    );
  }
}

/**
 * The listener side of the client: its own events, the server's events and
 * ack-style messages. A listener that throws or rejects is contained and
 * reported through the `onError` hook; the others still run.
 */
export class ClientEmitter {
  /** @internal Runs the user's hooks and listeners, containing failures. */
  protected readonly runner: HookRunner;
  private readonly listeners: ListenerRegistry;
  private readonly ackListeners: ListenerRegistry;

  constructor(runner: HookRunner) {
    this.runner = runner;
    this.listeners = new ListenerRegistry((call, name) =>
      runner.call(call, `listener "${name}"`),
    );
    this.ackListeners = new ListenerRegistry((call, name) =>
      runner.call(call, `ack listener "${name}"`),
    );
  }

  /** Listens for a client event or an application event from the server. */
  on<E extends keyof ClientEventMap>(
    event: E,
    listener: ClientEventMap[E],
  ): this;
  on(event: string, listener: (data: any) => void): this;
  on(event: string, listener: Listener): this {
    assertListener(listener, `listener of "${event}"`);
    this.listeners.add(event, listener);
    return this;
  }

  /** Like `on`, for the next occurrence only. */
  once<E extends keyof ClientEventMap>(
    event: E,
    listener: ClientEventMap[E],
  ): this;
  once(event: string, listener: (data: any) => void): this;
  once(event: string, listener: Listener): this {
    assertListener(listener, `listener of "${event}"`);
    this.listeners.add(event, listener, true);
    return this;
  }

  /** Removes `listener` from `event` (every time it was added). */
  off<E extends keyof ClientEventMap>(
    event: E,
    listener: ClientEventMap[E],
  ): this;
  off(event: string, listener: (data: any) => void): this;
  off(event: string, listener: Listener): this {
    this.listeners.remove(event, listener);
    return this;
  }

  /**
   * Listens for every application event from the server, binary included,
   * after its own listeners.
   */
  onAll(listener: (event: string, data: any) => void): this {
    assertListener(listener, 'onAll listener');
    this.listeners.add(ALL_EVENTS, listener);
    return this;
  }

  /** Removes an `onAll` listener. */
  offAll(listener: (event: string, data: any) => void): this {
    this.listeners.remove(ALL_EVENTS, listener);
    return this;
  }

  /**
   * Listens for ack-style messages named `name` that answer no request
   * (`ctx.ack(name, data)` on the server).
   */
  onAck(name: string, listener: (data: any) => void): this {
    assertListener(listener, `ack listener of "${name}"`);
    this.ackListeners.add(name, listener);
    return this;
  }

  /** Removes an `onAck` listener. */
  offAck(name: string, listener: (data: any) => void): this {
    this.ackListeners.remove(name, listener);
    return this;
  }

  /**
   * Removes the listeners of `event`, or, without an argument, every
   * listener: `on`, `once`, `onAll` and `onAck` alike.
   */
  removeAllListeners(event?: string): this {
    this.listeners.clear(event);
    if (event === undefined) this.ackListeners.clear();
    return this;
  }

  /** @internal Fires one of the client's own events. */
  protected emitLifecycle<E extends keyof ClientEventMap>(
    event: E,
    ...args: Parameters<ClientEventMap[E]>
  ): boolean {
    return this.listeners.emit(event, args);
  }

  /** @internal Delivers an application event (or binary event). */
  protected deliverEvent(
    event: string,
    data: unknown,
    isBinary: boolean,
  ): void {
    // Reserved names never reach application listeners, so a server cannot
    // fire the client's own `connect` or `error` by sending them.
    if (isReservedEventName(event)) return;
    this.runner.run('onMessage', { event, data, isBinary });
    this.listeners.emit(event, [data]);
    this.listeners.emit(ALL_EVENTS, [event, data]);
  }

  /** @internal Delivers an ack-style message to its `onAck` listeners. */
  protected deliverAck(name: string, data: unknown): void {
    this.runner.run('onMessage', { event: name, data, isBinary: false });
    this.ackListeners.emit(name, [data]);
  }
}
