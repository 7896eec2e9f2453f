// Socket.IO 4.8 under test, WebSocket transport only (no HTTP long-polling
// first), with the same semantics as the other servers: a client joins the
// room by request, `pub` goes to the room as `msg`, `echo` is acknowledged
// with its own data.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { listenOnLoopback, portFromEnv, serveControl } from './control.mjs';

const ROOM = 'bench';

const httpServer = createServer();
const io = new Server(httpServer, {
  transports: ['websocket'],
  serveClient: false,
});

io.on('connection', ioOnConnection);

/** @param {import('socket.io').Socket} socket */
function ioOnConnection(socket) {
  socket.on('join', socketOnJoin);
  socket.on('pub', socketOnPub);
  socket.on('echo', socketOnEcho);
}

/**
 * @this {import('socket.io').Socket}
 * @param {string} room
 * @param {(joined: boolean) => void} ack
 */
function socketOnJoin(room, ack) {
  this.join(room);
  ack(true);
}

/** @param {unknown} data */
function socketOnPub(data) {
  io.to(ROOM).emit('msg', data);
}

/**
 * @param {unknown} data
 * @param {(data: unknown) => void} ack
 */
function socketOnEcho(data, ack) {
  ack(data);
}

serveControl(await listenOnLoopback(httpServer, portFromEnv()));
