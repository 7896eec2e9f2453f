import WebSocket from 'ws';

/**
 * One message from the server, as PROTOCOL.md shapes it: a JSON object, or
 * a binary frame's header with its payload in `bytes`.
 */
export interface ServerMessage {
  event: string;
  data?: any;
  _isAck?: boolean;
  _correlationId?: string;
  _binary?: boolean;
  bytes?: Buffer;
  error?: { code: string; message: string };
}

const WAIT_MS = 3000;

/**
 * A bare protocol client for tests: it keeps every message it receives, in
 * order, so a test can wait for the next one that matches and also check
 * that none of a kind arrived before a later one.
 */
export class ProtocolClient {
  readonly received: ServerMessage[] = [];
  id = '';
  private readonly socket: WebSocket;
  private nextCorrelation = 1;
  private readonly waiters = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw, isBinary) => {
      const frame = raw as Buffer;
      this.received.push(
        isBinary
          ? decodeBinary(frame)
          : (JSON.parse(String(frame)) as ServerMessage),
      );
      for (const wake of this.waiters) wake();
    });
  }

  /** Connects and resolves once the welcome has arrived. */
  static async connect(url: string): Promise<ProtocolClient> {
    const client = new ProtocolClient(new WebSocket(url));
    const welcome = await client.next((m) => m.event === 'stelar:welcome');
    client.id = welcome.data.id;
    return client;
  }

  send(event: string, data?: unknown): void {
    this.socket.send(JSON.stringify({ event, data }));
  }

  /**
   * Sends a binary message: `[u32 header length][{"event":E}][bytes]`, as
   * PROTOCOL.md frames it.
   */
  sendBinary(event: string, bytes: Uint8Array): void {
    const header = Buffer.from(JSON.stringify({ event }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.length, 0);
    this.socket.send(Buffer.concat([length, header, bytes]));
  }

  /** Sends a request and resolves with the reply, failed or not. */
  request(event: string, data: unknown): Promise<ServerMessage> {
    const correlationId = `t${this.nextCorrelation++}`;
    this.socket.send(
      JSON.stringify({
        event,
        data,
        _ackName: event,
        _correlationId: correlationId,
      }),
    );
    return this.next(
      (m) => m._isAck === true && m._correlationId === correlationId,
    );
  }

  async join(room: string): Promise<void> {
    this.send('join-room', room);
    await this.next((m) => m.event === 'joined-room' && m.data === room);
  }

  async setNick(nick: string): Promise<void> {
    this.send('set-nick', nick);
    await this.next((m) => m.event === 'nick' && m.data.nick === nick.trim());
  }

  /**
   * Resolves with the first message, received from now on or already kept
   * and not yet taken, that matches; rejects after a bounded wait.
   */
  next(
    matches: (message: ServerMessage) => boolean,
    timeoutMs = WAIT_MS,
  ): Promise<ServerMessage> {
    const found = this.take(matches);
    if (found !== undefined) return Promise.resolve(found);

    return new Promise((resolve, reject) => {
      const wake = (): void => {
        const message = this.take(matches);
        if (message === undefined) return;
        finish();
        resolve(message);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }

  /** The kept messages that match, left in place. */
  all(matches: (message: ServerMessage) => boolean): ServerMessage[] {
    return this.received.filter(matches);
  }

  close(): void {
    this.socket.terminate();
  }

  private take(
    matches: (message: ServerMessage) => boolean,
  ): ServerMessage | undefined {
    const index = this.received.findIndex(matches);
    if (index === -1) return undefined;
    return this.received.splice(index, 1)[0];
  }
}

function decodeBinary(frame: Buffer): ServerMessage {
  const headerLength = frame.readUInt32BE(0);
  const header = JSON.parse(
    frame.subarray(4, 4 + headerLength).toString(),
  ) as ServerMessage;
  return { ...header, bytes: frame.subarray(4 + headerLength) };
}
