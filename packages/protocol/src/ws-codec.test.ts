import { describe, expect, it } from 'vitest';
import {
  decodeBinaryMessage,
  decodeTextMessage,
  encodeAckError,
  encodeAckReply,
  encodeBinaryMessage,
  encodeEvent,
  encodeRefusal,
} from './ws-codec.js';

function binaryFrame(header: string, payload: number[] = []): Uint8Array {
  const headerBytes = new TextEncoder().encode(header);
  const frame = new Uint8Array(4 + headerBytes.length + payload.length);
  new DataView(frame.buffer).setUint32(0, headerBytes.length);
  frame.set(headerBytes, 4);
  frame.set(payload, 4 + headerBytes.length);
  return frame;
}

describe('decodeTextMessage()', () => {
  it('decodes an event', () => {
    expect(decodeTextMessage('{"event":"chat","data":{"x":1}}')).toEqual({
      kind: 'event',
      event: 'chat',
      data: { x: 1 },
    });
  });

  it('decodes a request with its ack name and correlation id', () => {
    const text =
      '{"event":"sum","data":[1,2],"_ackName":"add","_correlationId":"c1"}';
    expect(decodeTextMessage(text)).toEqual({
      kind: 'request',
      event: 'sum',
      data: [1, 2],
      ackName: 'add',
      correlationId: 'c1',
    });
  });

  it('decodes membership and pong messages', () => {
    expect(decodeTextMessage('{"event":"join-room","data":"r"}')).toEqual({
      kind: 'join',
      room: 'r',
    });
    expect(decodeTextMessage('{"event":"leave-room","data":"r"}')).toEqual({
      kind: 'leave',
      room: 'r',
    });
    expect(decodeTextMessage('{"event":"pong","data":1}')).toEqual({
      kind: 'pong',
    });
  });

  it('refuses text that is not a JSON object', () => {
    for (const text of ['nope', 'null', '[]', '42', '"s"', '{"data":1}']) {
      const result = decodeTextMessage(text);
      expect(result.kind).toBe('invalid');
      expect(result.kind === 'invalid' && result.code).toBe('INVALID_MESSAGE');
    }
  });

  it('refuses malformed and reserved event names', () => {
    for (const event of ['', 'a b', 'connect', 'stelar:welcome', 'error']) {
      const result = decodeTextMessage(JSON.stringify({ event }));
      expect(result.kind === 'invalid' && result.code).toBe('INVALID_EVENT');
    }
  });

  it('keeps the correlation id of a request with a bad ack name', () => {
    const text = '{"event":"x","_ackName":"bad name","_correlationId":"c9"}';
    const result = decodeTextMessage(text);
    expect(result).toMatchObject({
      kind: 'invalid',
      code: 'INVALID_EVENT',
      correlationId: 'c9',
    });
  });
});

describe('decodeBinaryMessage()', () => {
  it('decodes the header and gives the payload as a view', () => {
    const frame = binaryFrame('{"event":"file"}', [1, 2, 3]);
    const result = decodeBinaryMessage(frame);
    expect(result.kind).toBe('binary');
    if (result.kind !== 'binary') return;
    expect(result.event).toBe('file');
    expect([...result.payload]).toEqual([1, 2, 3]);
    expect(result.payload.buffer).toBe(frame.buffer);
  });

  it('refuses short, overrunning and non-object headers', () => {
    const overrun = new Uint8Array([0, 0, 0, 99, 123]);
    const cases = [
      new Uint8Array([0, 0]),
      overrun,
      binaryFrame('not json'),
      binaryFrame('[1]'),
      binaryFrame('{"name":"x"}'),
      binaryFrame(''),
    ];
    for (const frame of cases) {
      const result = decodeBinaryMessage(frame);
      expect(result.kind === 'invalid' && result.code).toBe('INVALID_MESSAGE');
    }
  });

  it('round-trips what encodeBinaryMessage makes', () => {
    const payload = new Uint8Array([9, 8, 7, 0, 255]);
    const result = decodeBinaryMessage(encodeBinaryMessage('img', payload));
    expect(result.kind === 'binary' && [...result.payload]).toEqual([
      9, 8, 7, 0, 255,
    ]);
  });
});

describe('encoders', () => {
  it('omits absent data from an event', () => {
    expect(encodeEvent('tick', undefined)).toBe('{"event":"tick"}');
    expect(JSON.parse(encodeEvent('tick', { a: 1 }))).toEqual({
      event: 'tick',
      data: { a: 1 },
    });
  });

  it('encodes replies, failed replies and refusals as PROTOCOL.md shows', () => {
    expect(JSON.parse(encodeAckReply('add', 'c1', 3))).toEqual({
      event: 'add',
      data: 3,
      _isAck: true,
      _correlationId: 'c1',
    });
    expect(JSON.parse(encodeAckError('add', 'c1', 'NO_HANDLER', 'm'))).toEqual({
      event: 'add',
      _isAck: true,
      _correlationId: 'c1',
      error: { code: 'NO_HANDLER', message: 'm' },
    });
    expect(JSON.parse(encodeRefusal('MAX_ROOMS', 'm', { room: 'r' }))).toEqual({
      event: 'stelar:error',
      data: { code: 'MAX_ROOMS', message: 'm', room: 'r' },
    });
  });
});
