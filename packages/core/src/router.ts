import {
  RefusalCode,
  isReservedEventName,
  isValidEventName,
} from '@stelar/protocol';
import type { Client } from './client.js';
import { Context, type PendingRequest } from './context.js';
import { CoreErrorCode, StelarError, isStelarError } from './errors.js';
import { isThenable } from './is-thenable.js';
import type { Logger } from './logger.js';
import type { StelarCore } from './stelar-core.js';

/** A handler of client events. */
export type EventHandler = (ctx: Context) => unknown;

/** A handler of requests; what it returns (or resolves) is the reply. */
export type AckHandler = (ctx: Context) => unknown;

/**
 * Refuses, at registration, a handler that is not a function.
 *
 * @throws StelarError `ERR_HANDLER_INVALID`.
 */
export function assertFunction(value: unknown, what: string): void {
  if (typeof value !== 'function') {
    throw new StelarError(
      CoreErrorCode.HANDLER_INVALID,
      `${what} must be a function, got ${typeof value}`,
    );
  }
}

/**
 * Refuses, at registration, a handler for a name that no client message can
 * carry: it could never run, which is a mistake better told at once.
 *
 * @throws StelarError `ERR_EVENT_NAME_INVALID`.
 */
function assertEventName(name: string, what: string): void {
  if (isValidEventName(name) && !isReservedEventName(name)) return;
  throw new StelarError(
    CoreErrorCode.EVENT_NAME_INVALID,
    `${what} names ${JSON.stringify(name)}, which no client can send: names are 1 to 256 letters, digits or _ - . / : and not reserved by the protocol`,
  );
}

/**
 * The handlers of client events and requests, and how they run: in the
 * order added, with their exceptions contained, a request answered once.
 */
export class Router {
  private readonly core: StelarCore;
  private readonly logger: Logger;
  private readonly eventHandlers = new Map<string, EventHandler[]>();
  private readonly ackHandlers = new Map<string, AckHandler>();
  private readonly allHandlers: EventHandler[] = [];

  constructor(core: StelarCore, logger: Logger) {
    this.core = core;
    this.logger = logger;
  }

  on(event: string, handler: EventHandler): void {
    assertFunction(handler, `handler for "${event}"`);
    assertEventName(event, 'on()');
    const handlers = this.eventHandlers.get(event);
    if (handlers === undefined) this.eventHandlers.set(event, [handler]);
    else handlers.push(handler);
  }

  onAll(handler: EventHandler): void {
    assertFunction(handler, 'onAll handler');
    this.allHandlers.push(handler);
  }

  onAck(name: string, handler: AckHandler): void {
    assertFunction(handler, `ack handler for "${name}"`);
    assertEventName(name, 'onAck()');
    this.ackHandlers.set(name, handler);
  }

  /** Runs the handlers of a client event, then the onAll handlers. */
  runEvent(client: Client, event: string, data: unknown): void {
    const handlers = this.eventHandlers.get(event);
    if (handlers === undefined && this.allHandlers.length === 0) {
      this.core.refuse(
        client,
        RefusalCode.NO_HANDLER,
        `no handler for event "${event}"`,
        { event },
      );
      return;
    }
    const ctx = new Context(this.core, client, event, data);
    if (handlers !== undefined) {
      for (const handler of handlers) this.invoke(handler, ctx, event);
    }
    for (const handler of this.allHandlers) this.invoke(handler, ctx, event);
  }

  /** Answers a request through its ack handler, then runs onAll. */
  runRequest(
    client: Client,
    event: string,
    data: unknown,
    request: PendingRequest,
  ): void {
    const handler = this.ackHandlers.get(request.ackName);
    const ctx = new Context(this.core, client, event, data, request);
    if (handler === undefined) {
      this.core.replyError(
        client,
        request,
        RefusalCode.NO_HANDLER,
        `no ack handler named "${request.ackName}"`,
      );
    } else {
      this.answer(client, request, handler, ctx);
    }
    // onAll runs after the specific handler, as it does for plain events.
    for (const all of this.allHandlers) this.invoke(all, ctx, event);
  }

  private answer(
    client: Client,
    request: PendingRequest,
    handler: AckHandler,
    ctx: Context,
  ): void {
    let result: unknown;
    try {
      result = handler(ctx);
    } catch (error) {
      this.failRequest(client, request, error);
      return;
    }
    if (!isThenable(result)) {
      this.replyOrFail(client, request, result);
      return;
    }
    result.then(
      (value) => this.replyOrFail(client, request, value),
      (error: unknown) => this.failRequest(client, request, error),
    );
  }

  /**
   * Sends a handler's result; one that cannot be encoded fails the request
   * instead of escaping to the socket's listener, which would end the process.
   */
  private replyOrFail(
    client: Client,
    request: PendingRequest,
    value: unknown,
  ): void {
    try {
      this.core.reply(client, request, value);
    } catch (error) {
      this.failRequest(client, request, error);
    }
  }

  private failRequest(
    client: Client,
    request: PendingRequest,
    error: unknown,
  ): void {
    this.logger.error(
      { err: error, clientId: client.id, ack: request.ackName },
      'ack handler failed',
    );
    // Only a StelarError's code and message are the application's to show;
    // anything else may carry internals, so the client gets a generic text.
    if (isStelarError(error)) {
      this.core.replyError(client, request, error.code, error.message);
    } else {
      this.core.replyError(
        client,
        request,
        RefusalCode.HANDLER_ERROR,
        'the handler failed',
      );
    }
  }

  /** Runs a handler with its exceptions and rejections contained. */
  invoke<Data>(
    handler: (ctx: Context<Data>) => unknown,
    ctx: Context<Data>,
    what: string,
  ): void {
    try {
      const result = handler(ctx);
      if (isThenable(result)) {
        result.then(undefined, (error: unknown) => {
          this.logger.error(
            { err: error, clientId: ctx.id, event: what },
            'handler failed',
          );
        });
      }
    } catch (error) {
      this.logger.error(
        { err: error, clientId: ctx.id, event: what },
        'handler failed',
      );
    }
  }
}
