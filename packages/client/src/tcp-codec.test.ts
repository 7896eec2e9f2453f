import {
  FrameDecoder,
  FrameType,
  encodeFrame,
  type Frame,
} from '@stelar/protocol';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from './link.js';
import { decodeTcpFrame, encodeTcpFrame } from './tcp-codec.js';

const textDecoder = new TextDecoder();

/** The one frame `message` encodes to, read back by the protocol's decoder. */
function roundTrip(message: OutgoingMessage): Frame {
  const frames = new FrameDecoder(1024).push(encodeTcpFrame(message));
  expect(frames).toHaveLength(1);
  return frames[0]!;
}

function frame(type: FrameType, event: string, payload = ''): Frame {
  return new FrameDecoder(1024).push(encodeFrame(type, event, payload))[0]!;
}

describe('encodeTcpFrame()', () => {
  it('encodes an event as a JSON frame, with an empty payload for no data', () => {
    const withData = roundTrip({ kind: 'event', event: 'chat', json: '"hi"' });
    expect(withData.type).toBe(FrameType.JSON);
    expect(withData.event).toBe('chat');
    expect(textDecoder.decode(withData.payload)).toBe('"hi"');

    const empty = roundTrip({ kind: 'event', event: 'tick', json: undefined });
    expect(empty.payload.byteLength).toBe(0);
  });

  it('encodes a request as ACK_REQ named after its ack handler', () => {
    const request = roundTrip({
      kind: 'request',
      event: 'user.get',
      json: '42',
      ackName: 'lookup',
      correlationId: '7',
    });
    expect(request.type).toBe(FrameType.ACK_REQ);
    expect(request.event).toBe('lookup');
    expect(JSON.parse(textDecoder.decode(request.payload))).toEqual({
      event: 'user.get',
      data: 42,
      _correlationId: '7',
    });
  });

  it('leaves data out of a request without data', () => {
    const request = roundTrip({
      kind: 'request',
      event: 'now',
      json: undefined,
      ackName: 'now',
      correlationId: '1',
    });
    expect(JSON.parse(textDecoder.decode(request.payload))).toEqual({
      event: 'now',
      _correlationId: '1',
    });
  });

  it('encodes bytes as BINARY and membership as JOIN and LEAVE', () => {
    const bytes = roundTrip({
      kind: 'binary',
      event: 'blob',
      bytes: new Uint8Array([1, 2, 3]),
    });
    expect([bytes.type, bytes.event, [...bytes.payload]]).toEqual([
      FrameType.BINARY,
      'blob',
      [1, 2, 3],
    ]);
    const join = roundTrip({ kind: 'join', room: 'café' });
    expect([join.type, join.event, textDecoder.decode(join.payload)]).toEqual([
      FrameType.JOIN,
      'join-room',
      'café',
    ]);
    const leave = roundTrip({ kind: 'leave', room: 'x' });
    expect([leave.type, leave.event]).toEqual([FrameType.LEAVE, 'leave-room']);
  });
});

describe('decodeTcpFrame()', () => {
  it('reads CONNECT as the welcome, with the id from the payload', () => {
    expect(decodeTcpFrame(frame(FrameType.CONNECT, 'connect', 'abc'))).toEqual({
      kind: 'welcome',
      id: 'abc',
    });
    expect(decodeTcpFrame(frame(FrameType.CONNECT, 'connect'))).toMatchObject({
      kind: 'invalid',
    });
  });

  it('reads JSON frames as events, an empty payload as no data', () => {
    expect(decodeTcpFrame(frame(FrameType.JSON, 'news', '{"a":1}'))).toEqual({
      kind: 'event',
      event: 'news',
      data: { a: 1 },
    });
    expect(decodeTcpFrame(frame(FrameType.JSON, 'tick'))).toEqual({
      kind: 'event',
      event: 'tick',
      data: undefined,
    });
    expect(decodeTcpFrame(frame(FrameType.JSON, 'x', '{'))).toMatchObject({
      kind: 'invalid',
    });
  });

  it('reads membership and refusals sent as JSON frames', () => {
    expect(
      decodeTcpFrame(frame(FrameType.JSON, 'joined-room', '"lobby"')),
    ).toEqual({ kind: 'joined', room: 'lobby' });
    expect(
      decodeTcpFrame(
        frame(
          FrameType.JSON,
          'stelar:error',
          '{"code":"MAX_ROOMS","message":"full","room":"r"}',
        ),
      ),
    ).toEqual({
      kind: 'refusal',
      code: 'MAX_ROOMS',
      message: 'full',
      event: undefined,
      room: 'r',
    });
  });

  it('reads ACK_RES as a reply, a failed reply, or a ctx.ack message', () => {
    expect(
      decodeTcpFrame(
        frame(FrameType.ACK_RES, 'sum', '{"data":6,"_correlationId":"3"}'),
      ),
    ).toEqual({ kind: 'reply', correlationId: '3', data: 6, error: undefined });
    expect(
      decodeTcpFrame(
        frame(
          FrameType.ACK_RES,
          'sum',
          '{"error":{"code":"NO_HANDLER","message":"none"},"_correlationId":"4"}',
        ),
      ),
    ).toEqual({
      kind: 'reply',
      correlationId: '4',
      data: undefined,
      error: { code: 'NO_HANDLER', message: 'none' },
    });
    expect(
      decodeTcpFrame(frame(FrameType.ACK_RES, 'greeting', '{"data":"hi"}')),
    ).toEqual({ kind: 'ack', name: 'greeting', data: 'hi' });
    expect(
      decodeTcpFrame(frame(FrameType.ACK_RES, 'sum', '[1]')),
    ).toMatchObject({ kind: 'invalid' });
  });

  it('reads BINARY as bytes and refuses a type only clients send', () => {
    const bytes = new Uint8Array([7, 8]);
    const binary = new FrameDecoder(64).push(
      encodeFrame(FrameType.BINARY, 'pixels', bytes),
    )[0]!;
    expect(decodeTcpFrame(binary)).toMatchObject({
      kind: 'binary',
      event: 'pixels',
    });
    expect(decodeTcpFrame(frame(FrameType.JOIN, 'join-room', 'a'))).toEqual({
      kind: 'invalid',
      reason: 'frame type 9 is not one a server sends',
    });
  });
});
