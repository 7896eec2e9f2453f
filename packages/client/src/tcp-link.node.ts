import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import {
  CloseCode,
  FrameDecoder,
  FrameType,
  encodeFrame,
  type Frame,
  type FrameError,
} from '@stelar/protocol';
import type { Link, LinkEvents, LinkOptions, OutgoingMessage } from './link.js';
import { readTcpError } from './read-tcp-error.js';
import { decodeTcpFrame, encodeTcpFrame } from './tcp-codec.js';

const LINK = Symbol('stelar.link');

const PING_FRAME = encodeFrame(FrameType.PING, '');
const PONG_FRAME = encodeFrame(FrameType.PONG, '');

/** WebSocket's close code for a protocol error, which CloseCode lacks. */
const PROTOCOL_ERROR_CODE = 1002;

/** How long a closed link waits for the server to end its side, in ms. */
const CLOSE_TIMEOUT_MS = 30_000;

/** A stream that ended with no word from either side: WebSocket's 1006. */
const LOST: LinkEnd = { code: 1006, reason: '' };
const SERVER_SHUTDOWN: LinkEnd = {
  code: CloseCode.GOING_AWAY,
  reason: 'server shutting down',
};

/** How the link will report its close, as a WebSocket close code. */
interface LinkEnd {
  code: number;
  reason: string;
}

interface TaggedSocket extends Socket {
  [LINK]: TcpLink;
}

/** Where a `tcp://` or `tls://` URL of `resolveUrl` points. */
function addressOf(url: string): {
  host: string;
  port: number;
  secure: boolean;
} {
  const parsed = new URL(url);
  // An IPv6 host keeps its brackets in a URL; sockets want it bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port: Number(parsed.port),
    secure: parsed.protocol === 'tls:',
  };
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The TCP link of Node.js: length-prefixed frames on a `net` socket, or a
 * `tls` one for a `tls://` URL. It reads the frames as the WebSocket link
 * reads messages, so the client above cannot tell the transports apart:
 * CONNECT is the welcome, DISCONNECT a `1001`, and the ERROR frame that
 * precedes a close becomes the close's reason, and its code as far as the
 * reason tells it (see `readTcpError`).
 */
export class TcpLink implements Link {
  readonly pingsVisible = true;
  /** @internal */
  readonly events: LinkEvents;
  /** @internal */
  readonly options: LinkOptions;
  /** @internal */
  readonly decoder: FrameDecoder;
  /** @internal Set once the socket (and its TLS session) is up. */
  established = false;
  /** @internal Set once CONNECT arrived: the server admitted the client. */
  accepted = false;
  /** @internal The code of the last `stelar:error` on this link. */
  refusalCode: string | null = null;
  /**
   * @internal How the stream is ending, once a side said so; until then a
   * close reads as a lost link. Nothing is sent or read after it.
   */
  end: LinkEnd | null = null;
  private socket: Socket | null = null;

  constructor(options: LinkOptions, events: LinkEvents) {
    this.options = options;
    this.events = events;
    this.decoder = new FrameDecoder(options.maxFrameSize);
  }

  open(): void {
    const { host, port, secure } = addressOf(this.options.url);
    const socket = (
      secure
        ? tlsConnect({
            host,
            port,
            // SNI carries host names only (RFC 6066); Node.js warns on an IP.
            servername: isIP(host) === 0 ? host : undefined,
            rejectUnauthorized: this.options.rejectUnauthorized,
          })
        : netConnect({ host, port })
    ) as TaggedSocket;
    socket[LINK] = this;
    // Frames are small and each is a whole message: Nagle's algorithm would
    // only hold them back.
    socket.setNoDelay(true);
    socket.on(secure ? 'secureConnect' : 'connect', socketOnOpen);
    socket.on('data', socketOnData);
    socket.on('error', socketOnError);
    socket.on('timeout', socketOnTimeout);
    socket.on('close', socketOnClose);
    this.socket = socket;
  }

  send(message: OutgoingMessage): boolean {
    const socket = this.writableSocket();
    if (socket === null) return false;
    socket.write(encodeTcpFrame(message));
    return true;
  }

  probe(): void {
    // The server's transport answers a PING at once, whatever its own ping
    // period: an idle but healthy link shows life within one probe.
    this.writableSocket()?.write(PING_FRAME);
  }

  close(code: number, reason: string): void {
    const socket = this.socket;
    if (socket === null) return;
    this.end ??= { code, reason };
    if (!this.established) {
      socket.destroy();
      return;
    }
    // The protocol has no closing frame from the client: ending the stream
    // is the close, and the server ends its side in answer. Unref'd, the
    // socket no longer keeps the process alive meanwhile, and the timeout
    // (unref'd by Node.js too) frees it if the answer never comes.
    socket.setTimeout(CLOSE_TIMEOUT_MS);
    socket.end();
    socket.unref();
  }

  abort(): void {
    this.end ??= LOST;
    this.socket?.destroy();
  }

  /** @internal Handles the frames a chunk completed, in order. */
  receive(frames: Frame[]): void {
    for (const frame of frames) {
      // A frame may end the stream (or a listener may close the link).
      if (this.end !== null) return;
      this.handleFrame(frame);
    }
  }

  /** @internal The server's bytes broke the framing: the stream is lost. */
  failFraming(error: FrameError): void {
    if (this.end !== null) return;
    const code =
      error.code === 'ERR_TCP_FRAME_TOO_LARGE'
        ? CloseCode.MESSAGE_TOO_BIG
        : PROTOCOL_ERROR_CODE;
    this.end = { code, reason: error.message };
    this.events.failed(this, error);
    this.socket?.destroy();
  }

  /** The socket while messages may go out on it; null otherwise. */
  private writableSocket(): Socket | null {
    const open = this.established && this.end === null;
    return open && this.socket?.writable === true ? this.socket : null;
  }

  private handleFrame(frame: Frame): void {
    switch (frame.type) {
      case FrameType.PING:
        // The server counts only what arrives from the client as life, and
        // the client's own probes may be a minute apart: answer now.
        if (this.socket?.writable === true) this.socket.write(PONG_FRAME);
        this.events.alive(this);
        return;
      case FrameType.PONG:
        this.events.alive(this);
        return;
      case FrameType.DISCONNECT:
        this.end = SERVER_SHUTDOWN;
        return;
      case FrameType.ERROR:
        this.serverError(toBuffer(frame.payload).toString('utf8'));
        return;
    }
    this.handleMessage(frame);
  }

  private handleMessage(frame: Frame): void {
    const size = frame.payload.byteLength;
    if (size > this.options.maxPayloadSize) {
      this.events.oversized(this, size);
      return;
    }
    const message = decodeTcpFrame(frame);
    switch (message.kind) {
      case 'welcome':
        this.accepted = true;
        break;
      case 'refusal':
        this.refusalCode = message.code;
        break;
      case 'binary':
        message.bytes = toBuffer(message.bytes);
        break;
    }
    this.events.received(this, message);
  }

  /** The ERROR frame that comes before the server ends the stream. */
  private serverError(reason: string): void {
    const meaning = readTcpError(reason, this.accepted, this.refusalCode);
    if (meaning.kind === 'refused') {
      this.end = { code: LOST.code, reason };
      this.events.refused(this, meaning.refusal);
      return;
    }
    this.end = { code: meaning.code, reason };
  }
}

function linkOf(socket: Socket): TcpLink {
  return (socket as TaggedSocket)[LINK];
}

function socketOnOpen(this: Socket): void {
  const link = linkOf(this);
  link.established = true;
  link.events.opened(link);
}

function socketOnData(this: Socket, chunk: Buffer): void {
  const link = linkOf(this);
  if (link.end !== null) return;
  let frames: Frame[];
  try {
    frames = link.decoder.push(chunk);
  } catch (error) {
    // The frames complete before the fault were sent before it.
    const fault = error as FrameError;
    link.receive(fault.frames);
    link.failFraming(fault);
    return;
  }
  link.receive(frames);
}

function socketOnError(this: Socket, error: Error): void {
  const link = linkOf(this);
  // Once the end is known (the server said why, or the client closed), a
  // reset or broken pipe on the way out tells nothing more.
  if (link.end !== null) return;
  link.events.failed(link, error);
}

function socketOnTimeout(this: Socket): void {
  // Armed only by close(): the server never ended its side.
  this.destroy();
}

function socketOnClose(this: Socket): void {
  const link = linkOf(this);
  link.established = false;
  const end = link.end ?? LOST;
  link.events.closed(link, end.code, end.reason);
}
