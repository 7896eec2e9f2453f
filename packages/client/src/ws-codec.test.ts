import { encodeBinaryMessage } from '@stelar/protocol';
import { describe, expect, it } from 'vitest';
import {
  decodeWsBinary,
  decodeWsText,
  encodeWsFrame,
  encodeWsPong,
} from './ws-codec.js';

describe('encodeWsFrame()', () => {
  it('encodes an event, with and without data', () => {
    expect(encodeWsFrame({ kind: 'event', event: 'chat', json: '"hi"' })).toBe(
      '{"event":"chat","data":"hi"}',
    );
    expect(
      encodeWsFrame({ kind: 'event', event: 'ping-me', json: undefined }),
    ).toBe('{"event":"ping-me"}');
  });

  it('encodes a request with its ack name and correlation id', () => {
    const frame = encodeWsFrame({
      kind: 'request',
      event: 'sum',
      json: '[1,2]',
      ackName: 'add',
      correlationId: '7',
    });
    expect(JSON.parse(frame as string)).toEqual({
      event: 'sum',
      data: [1, 2],
      _ackName: 'add',
      _correlationId: '7',
    });
  });

  it('encodes membership and the browser pong', () => {
    expect(encodeWsFrame({ kind: 'join', room: 'a"b' })).toBe(
      '{"event":"join-room","data":"a\\"b"}',
    );
    expect(encodeWsFrame({ kind: 'leave', room: 'x' })).toBe(
      '{"event":"leave-room","data":"x"}',
    );
    expect(JSON.parse(encodeWsPong())).toMatchObject({ event: 'pong' });
  });

  it('encodes bytes as the binary frame of the protocol', () => {
    const frame = encodeWsFrame({
      kind: 'binary',
      event: 'file',
      bytes: new Uint8Array([1, 2]),
    }) as Uint8Array;
    expect(decodeWsBinary(frame)).toEqual({
      kind: 'binary',
      event: 'file',
      bytes: new Uint8Array([1, 2]),
    });
  });
});

describe('decodeWsText()', () => {
  it.each([
    [
      '{"event":"stelar:welcome","data":{"id":"c1","v":1}}',
      { kind: 'welcome', id: 'c1' },
    ],
    [
      '{"event":"chat","data":[1]}',
      { kind: 'event', event: 'chat', data: [1] },
    ],
    ['{"event":"chat"}', { kind: 'event', event: 'chat', data: undefined }],
    [
      '{"event":"add","data":3,"_isAck":true,"_correlationId":"4"}',
      { kind: 'reply', correlationId: '4', data: 3, error: undefined },
    ],
    [
      '{"event":"add","_isAck":true,"_correlationId":"4","error":{"code":"NO_HANDLER","message":"m"}}',
      {
        kind: 'reply',
        correlationId: '4',
        data: undefined,
        error: { code: 'NO_HANDLER', message: 'm' },
      },
    ],
    [
      '{"event":"error","data":{"message":"no"},"_isAck":true}',
      { kind: 'ack', name: 'error', data: { message: 'no' } },
    ],
    [
      '{"event":"stelar:error","data":{"code":"JOIN_REJECTED","message":"m","room":"r"}}',
      {
        kind: 'refusal',
        code: 'JOIN_REJECTED',
        message: 'm',
        event: undefined,
        room: 'r',
      },
    ],
    ['{"event":"joined-room","data":"r"}', { kind: 'joined', room: 'r' }],
    ['{"event":"left-room","data":"r"}', { kind: 'left', room: 'r' }],
  ])('decodes %s', (text, expected) => {
    expect(decodeWsText(text)).toEqual(expected);
  });

  it.each([
    ['not json'],
    ['[1]'],
    ['{"data":1}'],
    ['{"event":"stelar:welcome","data":{}}'],
    ['{"event":"stelar:error","data":"x"}'],
    ['{"event":"joined-room","data":5}'],
    ['{"event":"a","_isAck":true,"_correlationId":"1","error":"bad"}'],
  ])('calls %s invalid', (text) => {
    expect(decodeWsText(text)).toMatchObject({ kind: 'invalid' });
  });
});

describe('decodeWsBinary()', () => {
  it('calls a frame with a short header invalid', () => {
    expect(decodeWsBinary(new Uint8Array([0, 0]))).toMatchObject({
      kind: 'invalid',
    });
  });

  it('returns a view of the payload, not a copy', () => {
    const frame = encodeBinaryMessage('img', new Uint8Array([5, 6, 7]));
    const decoded = decodeWsBinary(frame);
    expect(decoded.kind).toBe('binary');
    if (decoded.kind === 'binary')
      expect(decoded.bytes.buffer).toBe(frame.buffer);
  });
});
