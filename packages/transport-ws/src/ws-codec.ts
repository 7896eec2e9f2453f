import type { MessageCodec } from '@stelar/core';
import {
  encodeAck,
  encodeAckError,
  encodeAckReply,
  encodeBinaryMessage,
  encodeEvent,
  encodeRefusal,
} from '@stelar/protocol';

/** A WebSocket frame's content: text for JSON, bytes for binary messages. */
export type WsFrame = string | Uint8Array;

/** Encodes the kernel's messages as the WebSocket protocol's frames. */
export const wsCodec: MessageCodec<WsFrame> = {
  event: encodeEvent,
  binary: encodeBinaryMessage,
  ack: encodeAck,
  ackReply: encodeAckReply,
  ackError: encodeAckError,
  refusal: encodeRefusal,
};
