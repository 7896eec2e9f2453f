import * as ws from 'ws';

const OPCODE_TEXT = 0x01;
const OPCODE_BINARY = 0x02;

interface FrameOptions {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
}

// ws exports its Sender as a named export, but its types do not declare it.
// Sender.frame is ws's own framing, so nothing here hand-rolls a header; the
// version of ws is pinned and ws-frame.test.ts fails if the shape changes.
const sender = (
  ws as unknown as {
    Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] };
  }
).Sender;

/**
 * One outgoing message, framed once for every recipient on WebSocket. The
 * complete unmasked frame is built on first use and shared: a broadcast to a
 * thousand clients encodes and frames its message once, and each recipient
 * costs one write of the same bytes.
 */
export class WsFrame {
  /** The message itself: UTF-8 JSON for text, the binary message's bytes. */
  readonly payload: Buffer;
  readonly binary: boolean;
  private wire: Buffer | null = null;

  constructor(payload: Buffer, binary: boolean) {
    this.payload = payload;
    this.binary = binary;
  }

  /** The frame as it goes on the wire, header included. */
  get bytes(): Buffer {
    if (this.wire === null) {
      const parts = sender.frame(this.payload, {
        fin: true,
        rsv1: false,
        opcode: this.binary ? OPCODE_BINARY : OPCODE_TEXT,
        mask: false,
        readOnly: false,
      });
      this.wire = Buffer.concat(parts);
    }
    return this.wire;
  }

  /** A text frame of `text`. */
  static text(text: string): WsFrame {
    return new WsFrame(Buffer.from(text, 'utf8'), false);
  }

  /** A binary frame of `bytes`, which it does not copy. */
  static binary(bytes: Uint8Array): WsFrame {
    const buffer = Buffer.from(
      bytes.buffer,
      bytes.byteOffset,
      bytes.byteLength,
    );
    return new WsFrame(buffer, true);
  }
}
