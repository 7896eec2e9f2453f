// The floor: a plain `ws` server speaking stelar's JSON shapes with nothing
// else, a Set for the room and a loop of `send` per recipient. No limits, no
// heartbeat, no validation beyond what JSON.parse does.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { listenOnLoopback, portFromEnv, serveControl } from './control.mjs';

// The one room there is: every join lands here, whatever its name.
/** @type {Set<import('ws').WebSocket>} */
const room = new Set();

const httpServer = createServer();
const wss = new WebSocketServer({
  server: httpServer,
  perMessageDeflate: false,
  clientTracking: false,
});

wss.on('connection', wssOnConnection);

/** @param {import('ws').WebSocket} socket */
function wssOnConnection(socket) {
  socket.on('message', socketOnMessage);
  socket.on('close', socketOnClose);
}

/**
 * @this {import('ws').WebSocket}
 * @param {Buffer} raw
 */
function socketOnMessage(raw) {
  const message = JSON.parse(raw.toString('utf8'));
  if (message.event === 'pub') {
    const frame = JSON.stringify({ event: 'msg', data: message.data });
    for (const member of room) member.send(frame);
  } else if (message.event === 'join-room') {
    room.add(this);
    this.send(JSON.stringify({ event: 'joined-room', data: message.data }));
  } else if (message._ackName === 'echo') {
    const reply = {
      event: 'echo',
      data: message.data,
      _isAck: true,
      _correlationId: message._correlationId,
    };
    this.send(JSON.stringify(reply));
  }
}

/** @this {import('ws').WebSocket} */
function socketOnClose() {
  room.delete(this);
}

serveControl(await listenOnLoopback(httpServer, portFromEnv()));
