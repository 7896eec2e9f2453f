import {
  FrameType,
  ProtocolEvent,
  encodeFrame,
  type Frame,
} from '@stelar/protocol';
import type { IncomingMessage, OutgoingMessage } from './link.js';
import {
  decodeServerAck,
  decodeServerEvent,
  invalidMessage,
  isRecord,
} from './server-message.js';

const textDecoder = new TextDecoder();

function field(name: string, json: string | undefined): string {
  return json === undefined ? '' : `,"${name}":${json}`;
}

/**
 * Encodes one message as a TCP frame: JSON for events (an empty payload for
 * no data), ACK_REQ for requests (the event field names the ack handler),
 * BINARY for bytes, JOIN and LEAVE with the room as UTF-8 text.
 */
export function encodeTcpFrame(message: OutgoingMessage): Uint8Array {
  switch (message.kind) {
    case 'event':
      return encodeFrame(FrameType.JSON, message.event, message.json ?? '');
    case 'request':
      return encodeFrame(
        FrameType.ACK_REQ,
        message.ackName,
        `{"event":${JSON.stringify(message.event)}` +
          field('data', message.json) +
          `,"_correlationId":${JSON.stringify(message.correlationId)}}`,
      );
    case 'binary':
      return encodeFrame(FrameType.BINARY, message.event, message.bytes);
    case 'join':
      return encodeFrame(FrameType.JOIN, ProtocolEvent.JOIN_ROOM, message.room);
    case 'leave':
      return encodeFrame(
        FrameType.LEAVE,
        ProtocolEvent.LEAVE_ROOM,
        message.room,
      );
  }
}

/** The JSON of a payload; `undefined` for an empty one, null when invalid. */
function parsePayload(payload: Uint8Array): { value: unknown } | null {
  if (payload.byteLength === 0) return { value: undefined };
  try {
    return { value: JSON.parse(textDecoder.decode(payload)) };
  } catch {
    return null;
  }
}

/**
 * Decodes a frame of the server that carries a message: CONNECT, JSON,
 * BINARY or ACK_RES. The control frames (PING, PONG, DISCONNECT, ERROR)
 * are the link's business; any other type is an invalid message. Never
 * throws. A binary message's bytes are a view of the frame.
 */
export function decodeTcpFrame(frame: Frame): IncomingMessage {
  switch (frame.type) {
    case FrameType.CONNECT:
      return decodeConnect(frame.payload);
    case FrameType.JSON:
      return decodeJson(frame);
    case FrameType.BINARY:
      return { kind: 'binary', event: frame.event, bytes: frame.payload };
    case FrameType.ACK_RES:
      return decodeAckResponse(frame);
  }
  return invalidMessage(`frame type ${frame.type} is not one a server sends`);
}

function decodeConnect(payload: Uint8Array): IncomingMessage {
  const id = textDecoder.decode(payload);
  return id === ''
    ? invalidMessage('CONNECT has no client id')
    : { kind: 'welcome', id };
}

function decodeJson(frame: Frame): IncomingMessage {
  const parsed = parsePayload(frame.payload);
  if (parsed === null) return invalidMessage('payload is not valid JSON');
  return decodeServerEvent(frame.event, parsed.value);
}

function decodeAckResponse(frame: Frame): IncomingMessage {
  const parsed = parsePayload(frame.payload);
  if (parsed === null || !isRecord(parsed.value)) {
    return invalidMessage('ACK_RES payload is not a JSON object');
  }
  return decodeServerAck(frame.event, parsed.value);
}
