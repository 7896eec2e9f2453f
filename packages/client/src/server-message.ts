import { ProtocolEvent } from '@stelar/protocol';
import type { IncomingMessage } from './link.js';

// The bodies of the server's messages are the same on both transports; only
// the envelope differs (a JSON text or a frame header). Both codecs end here.

/** A message the protocol does not allow, with the reason. */
export function invalidMessage(reason: string): IncomingMessage {
  return { kind: 'invalid', reason };
}

/** Whether `value` is a JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isErrorShape(
  value: unknown,
): value is { code: string; message: string } {
  return (
    isRecord(value) &&
    typeof value['code'] === 'string' &&
    typeof value['message'] === 'string'
  );
}

/**
 * Decodes an ack-style message named `name` from its JSON body: a reply (or
 * a failed one) when it carries a correlation id, else a `ctx.ack` message.
 */
export function decodeServerAck(
  name: string,
  body: Record<string, unknown>,
): IncomingMessage {
  const correlationId = body['_correlationId'];
  if (correlationId === undefined) {
    return { kind: 'ack', name, data: body['data'] };
  }
  const error = body['error'];
  if (error !== undefined && !isErrorShape(error)) {
    return invalidMessage('reply error is not { code, message }');
  }
  return {
    kind: 'reply',
    correlationId: String(correlationId),
    data: body['data'],
    error,
  };
}

/**
 * Decodes an event of the server: the protocol's own (welcome, refusal,
 * membership) or an application event.
 */
export function decodeServerEvent(
  event: string,
  data: unknown,
): IncomingMessage {
  switch (event) {
    case ProtocolEvent.WELCOME:
      return isRecord(data) && typeof data['id'] === 'string' && data['id']
        ? { kind: 'welcome', id: data['id'] }
        : invalidMessage('welcome has no id');
    case ProtocolEvent.ERROR:
      return isRecord(data) && typeof data['code'] === 'string'
        ? {
            kind: 'refusal',
            code: data['code'],
            message: optionalString(data['message']) ?? data['code'],
            event: optionalString(data['event']),
            room: optionalString(data['room']),
          }
        : invalidMessage('stelar:error has no code');
    case ProtocolEvent.JOINED_ROOM:
    case ProtocolEvent.LEFT_ROOM:
      if (typeof data !== 'string') {
        return invalidMessage(`${event} has no room`);
      }
      return {
        kind: event === ProtocolEvent.JOINED_ROOM ? 'joined' : 'left',
        room: data,
      };
  }
  return { kind: 'event', event, data };
}
