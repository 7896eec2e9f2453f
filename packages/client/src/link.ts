/**
 * A message the client sends, before any transport encodes it. `json` is the
 * data already serialised (absent data stays `undefined`), so a bad payload
 * fails at the call, not later when a queued message is sent.
 */
export type OutgoingMessage =
  | { kind: 'event'; event: string; json: string | undefined }
  | {
      kind: 'request';
      event: string;
      json: string | undefined;
      ackName: string;
      correlationId: string;
    }
  | { kind: 'binary'; event: string; bytes: Uint8Array }
  | { kind: 'join' | 'leave'; room: string };

/** A message from the server, once a transport has decoded it. */
export type IncomingMessage =
  | { kind: 'welcome'; id: string }
  | { kind: 'event'; event: string; data: unknown }
  | { kind: 'binary'; event: string; bytes: Uint8Array }
  | {
      kind: 'reply';
      correlationId: string;
      data: unknown;
      error: { code: string; message: string } | undefined;
    }
  | { kind: 'ack'; name: string; data: unknown }
  | {
      kind: 'refusal';
      code: string;
      message: string;
      event: string | undefined;
      room: string | undefined;
    }
  | { kind: 'joined' | 'left'; room: string }
  | { kind: 'invalid'; reason: string };

/**
 * A connection the server refused at admission: a WebSocket handshake
 * answered with an HTTP status instead of `101`, or a TCP connection ended
 * by an ERROR frame before CONNECT.
 */
export interface HandshakeRefusal {
  /**
   * The HTTP status; over TCP, the status the WebSocket handshake answers
   * in the same case (`503` server full, `429` too many from the address).
   */
  status: number;
  /** From `Retry-After`, in milliseconds; `null` without one. */
  retryAfterMs: number | null;
  /** TCP only: the reason the ERROR frame gave. */
  reason?: string;
}

/**
 * What a link reports to the client. Every callback names the link, so that
 * the client can ignore a link it has already let go of.
 */
export interface LinkEvents {
  opened(link: Link): void;
  received(link: Link, message: IncomingMessage): void;
  /** A frame that carries no message but proves the peer alive (a ping). */
  alive(link: Link): void;
  /** A message over `maxPayloadSize` arrived and was dropped undecoded. */
  oversized(link: Link, size: number): void;
  refused(link: Link, refusal: HandshakeRefusal): void;
  failed(link: Link, error: Error): void;
  /** The link is gone; nothing more comes from it. */
  closed(link: Link, code: number, reason: string): void;
}

/** What a link needs to know from the client's options. */
export interface LinkOptions {
  url: string;
  headers: Readonly<Record<string, string>>;
  rejectUnauthorized: boolean;
  maxPayloadSize: number;
  maxFrameSize: number;
}

/**
 * One connection attempt over one transport: the client's only view of a
 * socket. WebSocket implements it in `ws-link.ts` (browsers) and
 * `ws-link.node.ts` (Node.js), the TCP transport in `tcp-link.node.ts`.
 */
export interface Link {
  /**
   * Whether the peer's heartbeat frames reach this code. Only then does
   * silence prove the link dead; a browser answers pings on its own and
   * never shows them to the page.
   */
  readonly pingsVisible: boolean;
  /** Starts connecting; the outcome comes through the events. */
  open(): void;
  /** Writes one message; false when the link is not open. */
  send(message: OutgoingMessage): boolean;
  /** Asks for a sign of life (or gives one) on an idle link. */
  probe(): void;
  /** Closes cleanly; the events of this link are ignored from now on. */
  close(code: number, reason: string): void;
  /** Drops the link at once, without a closing handshake. */
  abort(): void;
}
