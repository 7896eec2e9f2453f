// The part of Engine.IO 4 and Socket.IO 5 (the wire protocols of Socket.IO
// 4.x) that the benchmark speaks over a plain WebSocket: one packet per text
// frame, default namespace only, no binary attachments.
//
// Engine.IO packet: <type digit><payload>. 0 open (JSON handshake),
// 1 close, 2 ping, 3 pong, 4 message (the payload is a Socket.IO packet).
// Socket.IO packet: <type digit>[<ack id digits>][JSON]. 0 connect,
// 1 disconnect, 2 event, 3 ack, 4 connect error.

/** The Engine.IO query a WebSocket-only client puts on its URL. */
export const ENGINE_IO_PATH = '/socket.io/?EIO=4&transport=websocket';

/** Answers the server's ping; Engine.IO 4 servers ping, clients pong. */
export const PONG_PACKET = '3';

/** Asks to join the default namespace; sent after the open packet. */
export const CONNECT_PACKET = '40';

const ENGINE_TYPES = ['open', 'close', 'ping', 'pong', 'message'];
const SOCKET_TYPES = ['connect', 'disconnect', 'event', 'ack', 'connect_error'];
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/**
 * @typedef {object} EnginePacket
 * @property {string} type `open`, `close`, `ping`, `pong`, `message`, or
 *   `unknown` for anything else.
 * @property {unknown} [data] The open packet's handshake.
 * @property {SocketPacket} [packet] A message's Socket.IO packet.
 */

/**
 * @typedef {object} SocketPacket
 * @property {string} type `connect`, `disconnect`, `event`, `ack`,
 *   `connect_error`, or `unknown`.
 * @property {number} [id] The ack id, when the packet carries one.
 * @property {unknown} [data] The JSON part: an event's `[name, ...args]`, an
 *   ack's `[...args]`, a connect's `{ sid }`.
 */

/**
 * Decodes one Engine.IO packet as the WebSocket transport carries it.
 *
 * @param {string} text
 * @returns {EnginePacket}
 */
export function decodeEnginePacket(text) {
  const type = ENGINE_TYPES[text.charCodeAt(0) - DIGIT_0] ?? 'unknown';
  if (type === 'open') return { type, data: JSON.parse(text.slice(1)) };
  if (type === 'message') return { type, packet: decodeSocketPacket(text, 1) };
  return { type };
}

/**
 * Decodes the Socket.IO packet that starts at `start` in `text`.
 *
 * @param {string} text
 * @param {number} start
 * @returns {SocketPacket}
 */
export function decodeSocketPacket(text, start) {
  const type = SOCKET_TYPES[text.charCodeAt(start) - DIGIT_0] ?? 'unknown';
  let cursor = start + 1;
  let id = -1;
  for (; cursor < text.length; cursor++) {
    const code = text.charCodeAt(cursor);
    if (code < DIGIT_0 || code > DIGIT_9) break;
    id = (id === -1 ? 0 : id * 10) + code - DIGIT_0;
  }

  /** @type {SocketPacket} */
  const packet = { type };
  if (id !== -1) packet.id = id;
  if (cursor < text.length) packet.data = JSON.parse(text.slice(cursor));
  return packet;
}

/**
 * Encodes an event for the default namespace; with `id`, the server answers
 * with an ack packet carrying the same id.
 *
 * @param {string} event
 * @param {unknown} data
 * @param {number} [id]
 * @returns {string}
 */
export function encodeEventPacket(event, data, id) {
  const ackId = id === undefined ? '' : String(id);
  return `42${ackId}${JSON.stringify([event, data])}`;
}
