// The small codec checked against the parsers the Socket.IO server under
// test really uses, resolved from socket.io's own dependencies so the
// versions are the ones the lockfile pins for it.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  decodeEnginePacket,
  decodeSocketPacket,
  encodeEventPacket,
} from './socketio-codec.mjs';

const fromSocketIo = createRequire(
  createRequire(import.meta.url).resolve('socket.io'),
);
const fromEngineIo = createRequire(fromSocketIo.resolve('engine.io'));
const socketParser = fromSocketIo('socket.io-parser');
const engineParser = fromEngineIo('engine.io-parser');

/** Encodes as the server does: a Socket.IO packet inside an Engine.IO one. */
function serverEncode(packet: object): string {
  const [socketText] = new socketParser.Encoder().encode({
    nsp: '/',
    ...packet,
  });
  let frame = '';
  engineParser.encodePacket(
    { type: 'message', data: socketText },
    false,
    (encoded: string) => {
      frame = encoded;
    },
  );
  return frame;
}

/** Decodes as the server does. */
function serverDecode(frame: string): unknown {
  const engine = engineParser.decodePacket(frame);
  const decoder = new socketParser.Decoder();
  let decoded: unknown;
  decoder.on('decoded', (packet: unknown) => {
    decoded = packet;
  });
  decoder.add(engine.data);
  return decoded;
}

describe('the Socket.IO codec against socket.io-parser and engine.io-parser', () => {
  it('decodes an event the server broadcasts', () => {
    const frame = serverEncode({
      type: socketParser.PacketType.EVENT,
      data: ['msg', { s: 3, p: 'xx' }],
    });
    expect(decodeEnginePacket(frame)).toEqual({
      type: 'message',
      packet: { type: 'event', data: ['msg', { s: 3, p: 'xx' }] },
    });
  });

  it('decodes an ack the server sends for a request', () => {
    const frame = serverEncode({
      type: socketParser.PacketType.ACK,
      id: 4096,
      data: [{ p: 'x' }],
    });
    expect(decodeSocketPacket(frame, 1)).toEqual({
      type: 'ack',
      id: 4096,
      data: [{ p: 'x' }],
    });
  });

  it('encodes a request the server reads with its ack id', () => {
    expect(serverDecode(encodeEventPacket('echo', { p: 'y' }, 31))).toEqual({
      type: socketParser.PacketType.EVENT,
      nsp: '/',
      id: 31,
      data: ['echo', { p: 'y' }],
    });
  });

  it('encodes an event the server reads without an ack id', () => {
    expect(serverDecode(encodeEventPacket('pub', 1))).toEqual({
      type: socketParser.PacketType.EVENT,
      nsp: '/',
      data: ['pub', 1],
    });
  });

  it('agrees with the server on the ping and pong packets', () => {
    engineParser.encodePacket({ type: 'ping' }, false, (frame: string) => {
      expect(decodeEnginePacket(frame)).toEqual({ type: 'ping' });
    });
    expect(engineParser.decodePacket('3')).toEqual({ type: 'pong' });
  });
});
