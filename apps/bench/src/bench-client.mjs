// One load-generating connection: the raw `ws` client with a protocol
// adapter in front. Listeners are module-level functions that find their
// BenchClient on the socket, so ten thousand connections share them.
import WebSocket from 'ws';

const CLIENT = Symbol('bench.client');

/** Milliseconds a connection may take from the TCP connect to ready. */
const READY_TIMEOUT_MS = 15_000;

/**
 * @typedef {(client: BenchClient, event: string, data: any) => void}
 *   EventListener
 */

/**
 * @template T
 * @typedef {{ resolve: (value: T) => void, reject: (error: Error) => void }}
 *   Waiter
 */

/** A connection to one server under test, spoken through its adapter. */
export class BenchClient {
  /**
   * @param {import('./adapters.mjs').ProtocolAdapter} adapter
   * @param {number} port
   * @param {string} localAddress The loopback source address to bind.
   */
  constructor(adapter, port, localAddress) {
    this.adapter = adapter;
    this.url = `ws://127.0.0.1:${port}${adapter.path}`;
    this.localAddress = localAddress;
    /** @type {WebSocket | null} */
    this.socket = null;
    /** @type {EventListener | null} */
    this.onEvent = null;
    this.nextId = 1;
    /** @type {Map<number, Waiter<any>>} */
    this.pending = new Map();
    /** @type {((room: unknown) => void) | null} */
    this.joinWaiter = null;
    /** @type {Waiter<void> | null} */
    this.readyWaiter = null;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.readyTimer = null;
    /** @type {(() => void) | null} */
    this.closeWaiter = null;
  }

  /**
   * Connects and resolves once the server has accepted the client (its
   * welcome, its connect packet, or the open socket).
   *
   * @returns {Promise<void>}
   */
  open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url, {
        localAddress: this.localAddress,
        perMessageDeflate: false,
        // The servers are ours and local; validating every frame's UTF-8
        // would only add client CPU, which is the scarce resource here.
        skipUTF8Validation: true,
        handshakeTimeout: READY_TIMEOUT_MS,
      });
      /** @type {any} */ (socket)[CLIENT] = this;
      this.socket = socket;
      this.readyWaiter = { resolve, reject };
      this.readyTimer = setTimeout(
        clientOnReadyTimeout,
        READY_TIMEOUT_MS,
        this,
      );
      socket.on('open', socketOnOpen);
      socket.on('message', socketOnMessage);
      socket.on('error', socketOnError);
      socket.on('close', socketOnClose);
      socket.on('unexpected-response', socketOnUnexpectedResponse);
    });
  }

  /**
   * Joins `room` and resolves when the server confirms it.
   *
   * @param {string} room
   * @returns {Promise<unknown>}
   */
  join(room) {
    const encodeJoin = this.adapter.encodeJoin;
    if (encodeJoin === null) return this.request('join', room);
    return new Promise((resolve) => {
      this.joinWaiter = resolve;
      this.send(encodeJoin(room));
    });
  }

  /**
   * Sends an event that expects no reply.
   *
   * @param {string} event
   * @param {unknown} data
   */
  emit(event, data) {
    this.send(this.adapter.encodeEvent(event, data));
  }

  /**
   * Sends a request and resolves with the server's reply.
   *
   * @param {string} event
   * @param {unknown} data
   * @returns {Promise<any>}
   */
  request(event, data) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send(this.adapter.encodeRequest(event, data, id));
    });
  }

  /**
   * Closes with a WebSocket close handshake and resolves once the socket is
   * closed.
   *
   * @returns {Promise<void>}
   */
  close() {
    const socket = this.socket;
    if (socket === null || socket.readyState === WebSocket.CLOSED) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.closeWaiter = resolve;
      socket.close(1000);
    });
  }

  /** Drops the connection at once, without a close handshake. */
  terminate() {
    this.socket?.terminate();
  }

  /** @param {string} text */
  send(text) {
    this.socket?.send(text);
  }

  ready() {
    const waiter = this.readyWaiter;
    this.readyWaiter = null;
    this.clearReadyTimer();
    waiter?.resolve();
  }

  /** @param {Error} error */
  fail(error) {
    const waiter = this.readyWaiter;
    this.readyWaiter = null;
    this.clearReadyTimer();
    waiter?.reject(error);
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
  }

  clearReadyTimer() {
    if (this.readyTimer !== null) clearTimeout(this.readyTimer);
    this.readyTimer = null;
  }

  /** @param {import('./adapters.mjs').Incoming} incoming */
  handle(incoming) {
    switch (incoming.kind) {
      case 'event':
        this.onEvent?.(this, incoming.event, incoming.data);
        return;
      case 'ack':
        this.settle(incoming.id, incoming.data, incoming.error);
        return;
      case 'reply':
        this.send(incoming.text);
        return;
      case 'ready':
        this.ready();
        return;
      case 'joined':
        this.joinWaiter?.(incoming.room);
        this.joinWaiter = null;
        return;
      case 'refused':
        this.fail(new Error(`refused: ${JSON.stringify(incoming.data)}`));
        return;
      default:
    }
  }

  /**
   * @param {number} id
   * @param {unknown} data
   * @param {unknown} error
   */
  settle(id, data, error) {
    const request = this.pending.get(id);
    if (request === undefined) return;
    this.pending.delete(id);
    if (error === undefined) request.resolve(data);
    else request.reject(new Error(`request failed: ${JSON.stringify(error)}`));
  }
}

/**
 * @param {WebSocket} socket
 * @returns {BenchClient}
 */
function clientOf(socket) {
  return /** @type {any} */ (socket)[CLIENT];
}

/** @param {BenchClient} client */
function clientOnReadyTimeout(client) {
  client.readyTimer = null;
  client.fail(new Error(`not ready after ${READY_TIMEOUT_MS} ms`));
  client.terminate();
}

/** @this {WebSocket} */
function socketOnOpen() {
  const client = clientOf(this);
  if (client.adapter.readyOnOpen) client.ready();
}

/**
 * @this {WebSocket}
 * @param {Buffer} data
 */
function socketOnMessage(data) {
  const client = clientOf(this);
  client.handle(client.adapter.decode(data.toString('utf8')));
}

/**
 * @this {WebSocket}
 * @param {Error} error
 */
function socketOnError(error) {
  clientOf(this).fail(error);
}

/** @this {WebSocket} */
function socketOnClose() {
  const client = clientOf(this);
  client.fail(new Error('connection closed'));
  const waiter = client.closeWaiter;
  client.closeWaiter = null;
  waiter?.();
}

/**
 * @this {WebSocket}
 * @param {import('node:http').ClientRequest} _request
 * @param {import('node:http').IncomingMessage} response
 */
function socketOnUnexpectedResponse(_request, response) {
  const client = clientOf(this);
  client.fail(new Error(`handshake refused with HTTP ${response.statusCode}`));
  response.resume();
  this.terminate();
}
