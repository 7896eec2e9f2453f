import { describe, expect, it } from 'vitest';
import {
  CONNECT_PACKET,
  ENGINE_IO_PATH,
  PONG_PACKET,
  decodeEnginePacket,
  decodeSocketPacket,
  encodeEventPacket,
} from './socketio-codec.mjs';

describe('decodeEnginePacket()', () => {
  it('parses the handshake of an open packet', () => {
    const text =
      '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
    expect(decodeEnginePacket(text)).toEqual({
      type: 'open',
      data: {
        sid: 'abc',
        upgrades: [],
        pingInterval: 25000,
        pingTimeout: 20000,
        maxPayload: 1000000,
      },
    });
  });

  it('recognises ping, pong and close packets', () => {
    expect(decodeEnginePacket('2')).toEqual({ type: 'ping' });
    expect(decodeEnginePacket('3')).toEqual({ type: 'pong' });
    expect(decodeEnginePacket('1')).toEqual({ type: 'close' });
  });

  it('decodes the Socket.IO packet inside a message packet', () => {
    expect(decodeEnginePacket('42["msg",{"s":1}]')).toEqual({
      type: 'message',
      packet: { type: 'event', data: ['msg', { s: 1 }] },
    });
  });

  it('reports an unknown type as unknown', () => {
    expect(decodeEnginePacket('9')).toEqual({ type: 'unknown' });
  });
});

describe('decodeSocketPacket()', () => {
  it('reads the connect reply of the default namespace', () => {
    expect(decodeSocketPacket('40{"sid":"xyz"}', 1)).toEqual({
      type: 'connect',
      data: { sid: 'xyz' },
    });
  });

  it('reads a multi-digit ack id and its arguments', () => {
    expect(decodeSocketPacket('43127[{"p":"x"}]', 1)).toEqual({
      type: 'ack',
      id: 127,
      data: [{ p: 'x' }],
    });
  });

  it('reads ack id 0', () => {
    expect(decodeSocketPacket('430[true]', 1)).toEqual({
      type: 'ack',
      id: 0,
      data: [true],
    });
  });

  it('leaves data out of a packet without a JSON part', () => {
    expect(decodeSocketPacket('41', 1)).toEqual({ type: 'disconnect' });
  });

  it('reads a connect error', () => {
    expect(decodeSocketPacket('44{"message":"no"}', 1)).toEqual({
      type: 'connect_error',
      data: { message: 'no' },
    });
  });
});

describe('encodeEventPacket()', () => {
  it('encodes an event without an ack id', () => {
    expect(encodeEventPacket('pub', { s: 1 })).toBe('42["pub",{"s":1}]');
  });

  it('puts the ack id between the type and the arguments', () => {
    expect(encodeEventPacket('echo', 'hi', 12)).toBe('4212["echo","hi"]');
  });

  it('round-trips through the decoder', () => {
    const text = encodeEventPacket('echo', { a: [1, 2] }, 7);
    expect(decodeEnginePacket(text)).toEqual({
      type: 'message',
      packet: { type: 'event', id: 7, data: ['echo', { a: [1, 2] }] },
    });
  });
});

describe('protocol constants', () => {
  it('asks for Engine.IO 4 over the WebSocket transport only', () => {
    const url = new URL(ENGINE_IO_PATH, 'ws://127.0.0.1');
    expect(url.pathname).toBe('/socket.io/');
    expect(url.searchParams.get('EIO')).toBe('4');
    expect(url.searchParams.get('transport')).toBe('websocket');
  });

  it('answers a ping with a pong and connects to the default namespace', () => {
    expect(decodeEnginePacket(PONG_PACKET)).toEqual({ type: 'pong' });
    expect(decodeEnginePacket(CONNECT_PACKET)).toEqual({
      type: 'message',
      packet: { type: 'connect' },
    });
  });
});
