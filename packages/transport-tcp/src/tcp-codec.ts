import type { MessageCodec } from '@stelar/core';
import {
  encodeAckErrorFrame,
  encodeAckFrame,
  encodeAckReplyFrame,
  encodeBinaryFrame,
  encodeEventFrame,
  encodeRefusalFrame,
} from '@stelar/protocol';

/** Encodes the kernel's messages as TCP frames of PROTOCOL.md. */
export const tcpCodec: MessageCodec<Uint8Array> = {
  event: encodeEventFrame,
  binary: encodeBinaryFrame,
  ack: encodeAckFrame,
  ackReply: encodeAckReplyFrame,
  ackError: encodeAckErrorFrame,
  refusal: encodeRefusalFrame,
};
