// Protocol adapters: how the one load client speaks to each server under
// test. An adapter is pure encoding and decoding, with no socket, so the
// client code around it (and its cost) is the same for every server.
import {
  CONNECT_PACKET,
  ENGINE_IO_PATH,
  PONG_PACKET,
  decodeEnginePacket,
  encodeEventPacket,
} from './socketio-codec.mjs';

/**
 * What one incoming text frame means to the load client.
 *
 * @typedef {(
 *   | { kind: 'ready' }
 *   | { kind: 'reply', text: string }
 *   | { kind: 'joined', room: unknown }
 *   | { kind: 'event', event: string, data: unknown }
 *   | { kind: 'ack', id: number, data: unknown, error?: unknown }
 *   | { kind: 'refused', data: unknown }
 *   | { kind: 'ignored' }
 * )} Incoming
 */

/**
 * @typedef {object} ProtocolAdapter
 * @property {string} name The server it speaks to, as `--servers` names it.
 * @property {string} path The WebSocket URL's path and query.
 * @property {boolean} readyOnOpen The connection is usable once the socket
 *   opens; otherwise once `decode` returns `ready`.
 * @property {(text: string) => Incoming} decode
 * @property {((room: string) => string) | null} encodeJoin A join message
 *   answered by `joined`; null where joining is a `join` request answered by
 *   an ack instead.
 * @property {(event: string, data: unknown) => string} encodeEvent
 * @property {(event: string, data: unknown, id: number) => string}
 *   encodeRequest
 */

const IGNORED = Object.freeze({ kind: 'ignored' });
const READY = Object.freeze({ kind: 'ready' });

/**
 * Decodes the JSON message shapes that stelar defines and the raw `ws`
 * server copies: acks, membership confirmations and events.
 *
 * @param {any} message
 * @returns {Incoming}
 */
function decodeJsonMessage(message) {
  if (message._isAck === true) {
    return {
      kind: 'ack',
      id: Number(message._correlationId),
      data: message.data,
      error: message.error,
    };
  }
  if (message.event === 'joined-room') {
    return { kind: 'joined', room: message.data };
  }
  if (message.event === 'stelar:error') {
    return { kind: 'refused', data: message.data };
  }
  return { kind: 'event', event: message.event, data: message.data };
}

/**
 * @param {string} event
 * @param {unknown} data
 */
function encodeJsonEvent(event, data) {
  return JSON.stringify({ event, data });
}

/**
 * A request as PROTOCOL.md defines it: the ack handler's name rides in
 * `_ackName`, the client's id in `_correlationId` (a string).
 *
 * @param {string} event
 * @param {unknown} data
 * @param {number} id
 */
function encodeJsonRequest(event, data, id) {
  return JSON.stringify({
    event,
    data,
    _ackName: event,
    _correlationId: String(id),
  });
}

/** stelar-time-real: usable once its `stelar:welcome` arrives. */
/** @type {ProtocolAdapter} */
export const stelarAdapter = Object.freeze({
  name: 'stelar',
  path: '/',
  readyOnOpen: false,
  decode(text) {
    const message = JSON.parse(text);
    if (message.event === 'stelar:welcome') return READY;
    return decodeJsonMessage(message);
  },
  encodeJoin: (room) => encodeJsonEvent('join-room', room),
  encodeEvent: encodeJsonEvent,
  encodeRequest: encodeJsonRequest,
});

/** The raw `ws` server: stelar's message shapes, usable at once. */
/** @type {ProtocolAdapter} */
export const rawWsAdapter = Object.freeze({
  name: 'ws',
  path: '/',
  readyOnOpen: true,
  decode: (text) => decodeJsonMessage(JSON.parse(text)),
  encodeJoin: (room) => encodeJsonEvent('join-room', room),
  encodeEvent: encodeJsonEvent,
  encodeRequest: encodeJsonRequest,
});

/**
 * Socket.IO: the open packet is answered with a namespace connect, the
 * connect reply makes the client usable, pings are answered with pongs.
 *
 * @type {ProtocolAdapter}
 */
export const socketIoAdapter = Object.freeze({
  name: 'socketio',
  path: ENGINE_IO_PATH,
  readyOnOpen: false,
  decode: decodeSocketIo,
  encodeJoin: null,
  encodeEvent: (event, data) => encodeEventPacket(event, data),
  encodeRequest: encodeEventPacket,
});

/**
 * @param {string} text
 * @returns {Incoming}
 */
function decodeSocketIo(text) {
  const engine = decodeEnginePacket(text);
  if (engine.type === 'open') return { kind: 'reply', text: CONNECT_PACKET };
  if (engine.type === 'ping') return { kind: 'reply', text: PONG_PACKET };
  const packet = engine.packet;
  if (packet === undefined) return IGNORED;

  const data = /** @type {unknown[]} */ (packet.data);
  if (packet.type === 'connect') return READY;
  if (packet.type === 'event') {
    return { kind: 'event', event: String(data[0]), data: data[1] };
  }
  if (packet.type === 'ack' && packet.id !== undefined) {
    return { kind: 'ack', id: packet.id, data: data[0] };
  }
  if (packet.type === 'connect_error') {
    return { kind: 'refused', data: packet.data };
  }
  return IGNORED;
}

/** Every adapter by the name `--servers` uses. */
export const ADAPTERS = Object.freeze({
  stelar: stelarAdapter,
  ws: rawWsAdapter,
  socketio: socketIoAdapter,
});
