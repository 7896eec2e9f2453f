import {
  ProtocolEvent,
  decodeBinaryMessage,
  encodeBinaryMessage,
} from '@stelar/protocol';
import type { IncomingMessage, OutgoingMessage } from './link.js';
import {
  decodeServerAck,
  decodeServerEvent,
  invalidMessage,
  isRecord,
} from './server-message.js';

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

/** Decodes a binary frame of the server. Never throws. */
export function decodeWsBinary(frame: Uint8Array): IncomingMessage {
  const decoded = decodeBinaryMessage(frame);
  return decoded.kind === 'binary'
    ? { kind: 'binary', event: decoded.event, bytes: decoded.payload }
    : invalidMessage(decoded.reason);
}

/** Decodes a text frame of the server. Never throws. */
export function decodeWsText(text: string): IncomingMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalidMessage('message is not valid JSON');
  }
  if (!isRecord(parsed) || typeof parsed['event'] !== 'string') {
    return invalidMessage('message is not a JSON object with a string event');
  }
  return parsed['_isAck'] === true
    ? decodeServerAck(parsed['event'], parsed)
    : decodeServerEvent(parsed['event'], parsed['data']);
}
