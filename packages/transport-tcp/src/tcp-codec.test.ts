import {
  FrameDecoder,
  FrameType,
  decodeClientFrame,
  encodeFrame,
} from '@stelar/protocol';
import { describe, expect, it } from 'vitest';
import { tcpCodec } from './tcp-codec.js';

function decodeOne(bytes: Uint8Array) {
  const [frame] = new FrameDecoder(1 << 20).push(bytes);
  if (frame === undefined) throw new Error('no frame');
  const body = new TextDecoder().decode(frame.payload);
  return { type: frame.type, event: frame.event, body };
}

describe('tcpCodec', () => {
  it('encodes events as JSON frames, with an empty payload for no data', () => {
    expect(decodeOne(tcpCodec.event('chat', { a: 1 }))).toEqual({
      type: FrameType.JSON,
      event: 'chat',
      body: '{"a":1}',
    });
    expect(decodeOne(tcpCodec.event('tick', undefined)).body).toBe('');
  });

  it('encodes replies and failed replies as ACK_RES frames', () => {
    expect(decodeOne(tcpCodec.ackReply('add', 'c1', 3))).toEqual({
      type: FrameType.ACK_RES,
      event: 'add',
      body: '{"data":3,"_correlationId":"c1"}',
    });
    const failed = decodeOne(tcpCodec.ackError('add', 'c1', 'NO_HANDLER', 'm'));
    expect(JSON.parse(failed.body)).toEqual({
      error: { code: 'NO_HANDLER', message: 'm' },
      _correlationId: 'c1',
    });
  });

  it('encodes refusals as stelar:error JSON frames', () => {
    const refusal = decodeOne(
      tcpCodec.refusal('MAX_ROOMS', 'm', { room: 'r' }),
    );
    expect(refusal.event).toBe('stelar:error');
    expect(JSON.parse(refusal.body)).toEqual({
      code: 'MAX_ROOMS',
      message: 'm',
      room: 'r',
    });
  });
});

describe('decodeClientFrame()', () => {
  function decode(bytes: Uint8Array) {
    const [frame] = new FrameDecoder(1 << 20).push(bytes);
    return decodeClientFrame(frame!);
  }

  it('reads an ACK_REQ into a request to the named handler', () => {
    const body = JSON.stringify({ event: 'sum', data: [1], _correlationId: 7 });
    expect(decode(encodeFrame(FrameType.ACK_REQ, 'add', body))).toEqual({
      kind: 'request',
      event: 'sum',
      data: [1],
      ackName: 'add',
      correlationId: 7,
    });
  });

  it('reads JOIN and LEAVE payloads as room names', () => {
    expect(decode(encodeFrame(FrameType.JOIN, 'join-room', 'lobby'))).toEqual({
      kind: 'join',
      room: 'lobby',
    });
    expect(decode(encodeFrame(FrameType.LEAVE, 'leave-room', 'lobby'))).toEqual(
      { kind: 'leave', room: 'lobby' },
    );
  });

  it('refuses bad JSON, bad names and server-only frame types', () => {
    const cases = [
      encodeFrame(FrameType.JSON, 'chat', '{nope'),
      encodeFrame(FrameType.JSON, 'bad name', '1'),
      encodeFrame(FrameType.BINARY, 'stelar:x', new Uint8Array([1])),
      encodeFrame(FrameType.CONNECT, 'connect', 'id'),
      encodeFrame(FrameType.ACK_REQ, 'add', '[1]'),
    ];
    for (const bytes of cases) expect(decode(bytes).kind).toBe('invalid');
  });
});

describe('room names over TCP', () => {
  it('refuses a JOIN whose room is not valid UTF-8', () => {
    const [frame] = new FrameDecoder(1 << 20).push(
      encodeFrame(FrameType.JOIN, 'join-room', new Uint8Array([0xff, 0xfe])),
    );
    expect(decodeClientFrame(frame!)).toMatchObject({
      kind: 'invalid',
      code: 'INVALID_MESSAGE',
    });
  });
});
