import {
  CloseCode,
  ProtocolEvent,
  RefusalCode,
  isValidRoomName,
  type BinaryClientMessage,
  type ClientMessage,
  type DecodeFailure,
} from '@stelar/protocol';
import type { Client } from './client.js';
import type { PendingRequest } from './context.js';
import type { MessageRateLimiter } from './extensions.js';
import { isThenable } from './is-thenable.js';
import type { Logger } from './logger.js';
import type { StelarCore } from './stelar-core.js';

/**
 * The path of one incoming message: the payload limit, one charge to the
 * rate limiter (an async verdict holds the client's later messages so that
 * handlers see them in order), then the decoded message to its handler, a
 * room change or a refusal.
 */
export class MessagePath {
  private readonly core: StelarCore;
  private readonly rateLimiter: MessageRateLimiter;
  private readonly logger: Logger;

  constructor(
    core: StelarCore,
    rateLimiter: MessageRateLimiter,
    logger: Logger,
  ) {
    this.core = core;
    this.rateLimiter = rateLimiter;
    this.logger = logger;
  }

  /** Takes one message a transport received: `size` bytes, decoded lazily. */
  receive(client: Client, raw: unknown, size: number): void {
    if (client.state === 'closed') return;
    if (client.state === 'pending' || client.busy) {
      this.hold(client, raw, size);
      return;
    }
    this.handle(client, raw, size);
  }

  /**
   * Keeps a message until the client is accepted or an async rate-limit
   * verdict arrives, so handlers see messages in the order they were sent.
   * The held bytes are bounded by `maxPayloadSize`.
   */
  private hold(client: Client, raw: unknown, size: number): void {
    const max = this.core.options.maxPayloadSize;
    if (client.backlogBytes + size > max) {
      this.core.runHook('onPayloadTooLarge', {
        clientId: client.id,
        size,
        max,
      });
      this.core.refuse(
        client,
        RefusalCode.PAYLOAD_TOO_LARGE,
        client.state === 'pending'
          ? 'too much sent before acceptance'
          : 'too much sent while earlier messages await the rate limiter',
      );
      return;
    }
    (client.backlog ??= []).push({ raw, size });
    client.backlogBytes += size;
  }

  /** Handles the messages held for `client`, in order, while it can. */
  drainBacklog(client: Client): void {
    while (client.backlog !== null && client.backlog.length > 0) {
      if (client.state !== 'open' || client.busy) return;
      const next = client.backlog.shift()!;
      client.backlogBytes -= next.size;
      this.handle(client, next.raw, next.size);
    }
    if (client.state === 'open' && !client.busy) client.backlog = null;
  }

  private handle(client: Client, raw: unknown, size: number): void {
    client.messagesReceived++;
    this.core.countReceived();

    const max = this.core.options.maxPayloadSize;
    if (size > max) {
      this.charge(
        client,
        undefined,
        () => {
          this.core.runHook('onPayloadTooLarge', {
            clientId: client.id,
            size,
            max,
          });
          this.core.refuse(
            client,
            RefusalCode.PAYLOAD_TOO_LARGE,
            `message of ${size} bytes exceeds maxPayloadSize ${max}`,
          );
        },
        null,
      );
      return;
    }

    const message = client.connection.transport.decode(raw);
    if (message.kind === 'pong') return;
    const event = chargedEvent(message);
    const request = requestOf(message);
    this.charge(
      client,
      event,
      () => this.dispatch(client, message, request),
      request,
    );
  }

  /**
   * Charges one message to the rate limiter, then runs `proceed` when it is
   * admitted. An async verdict holds the client's later messages meanwhile.
   */
  private charge(
    client: Client,
    event: string | undefined,
    proceed: () => void,
    request: PendingRequest | null,
  ): void {
    let verdict: boolean | Promise<boolean>;
    try {
      verdict = this.rateLimiter.consume(client.id, event);
    } catch (error) {
      this.logger.error(
        { err: error, clientId: client.id },
        'rate limiter failed',
      );
      verdict = true;
    }
    if (!isThenable(verdict)) {
      this.afterVerdict(client, event, verdict, proceed, request);
      return;
    }

    client.busy = true;
    Promise.resolve(verdict).then(
      (allowed) => this.resume(client, event, allowed, proceed, request),
      (error: unknown) => {
        // A limiter that fails (a store gone away) admits the message rather
        // than losing it; the failure is logged where it is handled.
        this.logger.error(
          { err: error, clientId: client.id },
          'rate limiter failed',
        );
        this.resume(client, event, true, proceed, request);
      },
    );
  }

  private resume(
    client: Client,
    event: string | undefined,
    allowed: boolean,
    proceed: () => void,
    request: PendingRequest | null,
  ): void {
    client.busy = false;
    if (client.state !== 'open') return;
    this.afterVerdict(client, event, allowed, proceed, request);
    this.drainBacklog(client);
  }

  private afterVerdict(
    client: Client,
    event: string | undefined,
    allowed: boolean,
    proceed: () => void,
    request: PendingRequest | null,
  ): void {
    if (allowed) {
      proceed();
      return;
    }
    const payload =
      event === undefined
        ? { clientId: client.id, protocol: client.protocol }
        : { clientId: client.id, event, protocol: client.protocol };
    const keep = this.core.runHook('onRateLimitExceeded', payload) === false;
    const details = event === undefined ? {} : { event };
    if (request !== null) {
      this.core.replyError(
        client,
        request,
        RefusalCode.RATE_LIMITED,
        'rate limit exceeded',
      );
    }
    this.core.refuse(
      client,
      RefusalCode.RATE_LIMITED,
      'rate limit exceeded',
      details,
    );
    if (keep) return;

    this.logger.warn({ clientId: client.id, event }, 'rate limit exceeded');
    // The transport reports the close later; the client leaves its rooms now
    // so nothing more is sent to it in between.
    this.core.detach(client);
    client.connection.close(CloseCode.POLICY_VIOLATION, 'rate limit exceeded');
  }

  private dispatch(
    client: Client,
    message: ClientMessage | BinaryClientMessage | DecodeFailure,
    request: PendingRequest | null,
  ): void {
    switch (message.kind) {
      case 'invalid':
        this.invalidMessage(client, message, request);
        return;
      case 'join':
      case 'leave':
        this.membership(client, message.kind, message.room);
        return;
      case 'event':
        this.core.router.runEvent(client, message.event, message.data);
        return;
      case 'binary':
        this.core.router.runEvent(client, message.event, message.payload);
        return;
      case 'request':
        this.core.router.runRequest(
          client,
          message.event,
          message.data,
          request!,
        );
        return;
      case 'pong':
        return;
    }
  }

  private invalidMessage(
    client: Client,
    message: DecodeFailure,
    request: PendingRequest | null,
  ): void {
    this.core.runHook('onInvalidMessage', {
      clientId: client.id,
      reason: message.reason,
      protocol: client.protocol,
    });
    this.logger.warn(
      { clientId: client.id, reason: message.reason },
      'invalid message',
    );
    if (request !== null) {
      this.core.replyError(client, request, message.code, message.reason);
    }
    const details = message.event === undefined ? {} : { event: message.event };
    this.core.refuse(client, message.code, message.reason, details);
  }

  private membership(
    client: Client,
    kind: 'join' | 'leave',
    room: unknown,
  ): void {
    if (!isValidRoomName(room)) {
      const reason = 'room name must be a string of 1 to 256 bytes';
      this.invalidMessage(
        client,
        { kind: 'invalid', code: RefusalCode.INVALID_MESSAGE, reason },
        null,
      );
      return;
    }
    if (kind === 'join') this.core.joinRoom(client, room, true);
    else this.core.leaveRoom(client, room, true);
  }
}

function chargedEvent(
  message: ClientMessage | BinaryClientMessage | DecodeFailure,
): string | undefined {
  switch (message.kind) {
    case 'event':
    case 'request':
    case 'binary':
      return message.event;
    case 'join':
      return ProtocolEvent.JOIN_ROOM;
    case 'leave':
      return ProtocolEvent.LEAVE_ROOM;
    default:
      return undefined;
  }
}

function requestOf(
  message: ClientMessage | BinaryClientMessage | DecodeFailure,
): PendingRequest | null {
  if (message.kind === 'request') {
    return {
      ackName: message.ackName,
      correlationId: message.correlationId,
      replied: false,
    };
  }
  if (message.kind === 'invalid' && message.correlationId !== undefined) {
    return {
      ackName: message.ackName ?? message.event ?? 'error',
      correlationId: message.correlationId,
      replied: false,
    };
  }
  return null;
}
