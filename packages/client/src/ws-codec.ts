import {
  ProtocolEvent,
  decodeBinaryMessage,
  encodeBinaryMessage,
} from '@stelar/protocol';
import type { IncomingMessage, OutgoingMessage } from './link.js';

function field(name: string, json: string | undefined): string {
  return json === undefined ? '' : `,"${name}":${json}`;
}

/**
 * Encodes one message as a WebSocket frame: a JSON text for events,
 * requests and membership, a binary frame for bytes.
 */
export function encodeWsFrame(message: OutgoingMessage): string | Uint8Array {
  switch (message.kind) {
    case 'event':
      return `{"event":${JSON.stringify(message.event)}${field('data', message.json)}}`;
    case 'request':
      return (
        `{"event":${JSON.stringify(message.event)}` +
        field('data', message.json) +
        `,"_ackName":${JSON.stringify(message.ackName)}` +
        `,"_correlationId":${JSON.stringify(message.correlationId)}}`
      );
    case 'binary':
      return encodeBinaryMessage(message.event, message.bytes);
    case 'join':
      return `{"event":"${ProtocolEvent.JOIN_ROOM}","data":${JSON.stringify(message.room)}}`;
    case 'leave':
      return `{"event":"${ProtocolEvent.LEAVE_ROOM}","data":${JSON.stringify(message.room)}}`;
  }
}

/** The liveness message of browsers, which cannot send a WebSocket ping. */
export function encodeWsPong(): string {
  return `{"event":"${ProtocolEvent.PONG}","data":${Date.now()}}`;
}

function invalid(reason: string): IncomingMessage {
  return { kind: 'invalid', reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Decodes a binary frame of the server. Never throws. */
export function decodeWsBinary(frame: Uint8Array): IncomingMessage {
  const decoded = decodeBinaryMessage(frame);
  return decoded.kind === 'binary'
    ? { kind: 'binary', event: decoded.event, bytes: decoded.payload }
    : invalid(decoded.reason);
}

/** Decodes a text frame of the server. Never throws. */
export function decodeWsText(text: string): IncomingMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid('message is not valid JSON');
  }
  if (!isRecord(parsed) || typeof parsed['event'] !== 'string') {
    return invalid('message is not a JSON object with a string event');
  }
  return parsed['_isAck'] === true
    ? decodeAck(parsed['event'], parsed)
    : decodeEvent(parsed['event'], parsed['data']);
}

function decodeAck(
  name: string,
  parsed: Record<string, unknown>,
): IncomingMessage {
  const correlationId = parsed['_correlationId'];
  if (correlationId === undefined) {
    return { kind: 'ack', name, data: parsed['data'] };
  }
  const error = parsed['error'];
  if (error !== undefined && !isErrorShape(error)) {
    return invalid('reply error is not { code, message }');
  }
  return {
    kind: 'reply',
    correlationId: String(correlationId),
    data: parsed['data'],
    error,
  };
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

function decodeEvent(event: string, data: unknown): IncomingMessage {
  switch (event) {
    case ProtocolEvent.WELCOME:
      return isRecord(data) && typeof data['id'] === 'string' && data['id']
        ? { kind: 'welcome', id: data['id'] }
        : invalid('welcome has no id');
    case ProtocolEvent.ERROR:
      return isRecord(data) && typeof data['code'] === 'string'
        ? {
            kind: 'refusal',
            code: data['code'],
            message: optionalString(data['message']) ?? data['code'],
            event: optionalString(data['event']),
            room: optionalString(data['room']),
          }
        : invalid('stelar:error has no code');
    case ProtocolEvent.JOINED_ROOM:
    case ProtocolEvent.LEFT_ROOM:
      if (typeof data !== 'string') return invalid(`${event} has no room`);
      return {
        kind: event === ProtocolEvent.JOINED_ROOM ? 'joined' : 'left',
        room: data,
      };
  }
  return { kind: 'event', event, data };
}
