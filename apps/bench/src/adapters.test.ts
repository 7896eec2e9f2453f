import { describe, expect, it } from 'vitest';
import {
  ADAPTERS,
  rawWsAdapter,
  socketIoAdapter,
  stelarAdapter,
} from './adapters.mjs';

describe.each([
  ['stelar', stelarAdapter],
  ['ws', rawWsAdapter],
])('the JSON adapter of %s', (_name, adapter) => {
  it('encodes an event as PROTOCOL.md does', () => {
    expect(JSON.parse(adapter.encodeEvent('pub', { s: 1 }))).toEqual({
      event: 'pub',
      data: { s: 1 },
    });
  });

  it('encodes a request with the ack name and a string correlation id', () => {
    expect(JSON.parse(adapter.encodeRequest('echo', 'hi', 42))).toEqual({
      event: 'echo',
      data: 'hi',
      _ackName: 'echo',
      _correlationId: '42',
    });
  });

  it('encodes a join as the join-room message', () => {
    expect(JSON.parse(adapter.encodeJoin?.('bench') ?? '')).toEqual({
      event: 'join-room',
      data: 'bench',
    });
  });

  it('decodes a reply into the numeric id of its request', () => {
    const reply =
      '{"event":"echo","data":"hi","_isAck":true,"_correlationId":"42"}';
    expect(adapter.decode(reply)).toEqual({
      kind: 'ack',
      id: 42,
      data: 'hi',
      error: undefined,
    });
  });

  it('passes a failed reply on with its error', () => {
    const reply =
      '{"event":"echo","_isAck":true,"_correlationId":"3","error":{"code":"NO_HANDLER","message":"no"}}';
    expect(adapter.decode(reply)).toMatchObject({
      kind: 'ack',
      id: 3,
      error: { code: 'NO_HANDLER' },
    });
  });

  it('decodes the membership confirmation', () => {
    expect(adapter.decode('{"event":"joined-room","data":"bench"}')).toEqual({
      kind: 'joined',
      room: 'bench',
    });
  });

  it('decodes an event', () => {
    expect(adapter.decode('{"event":"msg","data":{"s":5}}')).toEqual({
      kind: 'event',
      event: 'msg',
      data: { s: 5 },
    });
  });

  it('decodes a refusal', () => {
    expect(
      adapter.decode('{"event":"stelar:error","data":{"code":"RATE_LIMITED"}}'),
    ).toEqual({ kind: 'refused', data: { code: 'RATE_LIMITED' } });
  });
});

describe('stelarAdapter', () => {
  it('is ready on the welcome, not on the open socket', () => {
    expect(stelarAdapter.readyOnOpen).toBe(false);
    expect(
      stelarAdapter.decode(
        '{"event":"stelar:welcome","data":{"id":"c1","v":1}}',
      ),
    ).toEqual({ kind: 'ready' });
  });
});

describe('rawWsAdapter', () => {
  it('is ready as soon as the socket opens', () => {
    expect(rawWsAdapter.readyOnOpen).toBe(true);
  });

  it('treats a welcome-like message as an ordinary event', () => {
    expect(rawWsAdapter.decode('{"event":"stelar:welcome"}')).toMatchObject({
      kind: 'event',
    });
  });
});

describe('socketIoAdapter', () => {
  it('connects to the default namespace when the open packet arrives', () => {
    expect(socketIoAdapter.decode('0{"sid":"a","pingInterval":25000}')).toEqual(
      { kind: 'reply', text: '40' },
    );
  });

  it('answers a ping with a pong', () => {
    expect(socketIoAdapter.decode('2')).toEqual({ kind: 'reply', text: '3' });
  });

  it('is ready on the namespace connect reply', () => {
    expect(socketIoAdapter.readyOnOpen).toBe(false);
    expect(socketIoAdapter.decode('40{"sid":"b"}')).toEqual({ kind: 'ready' });
  });

  it('decodes an event into its name and first argument', () => {
    expect(socketIoAdapter.decode('42["msg",{"s":9}]')).toEqual({
      kind: 'event',
      event: 'msg',
      data: { s: 9 },
    });
  });

  it('decodes an ack into its id and first argument', () => {
    expect(socketIoAdapter.decode('4317[{"p":"x"}]')).toEqual({
      kind: 'ack',
      id: 17,
      data: { p: 'x' },
    });
  });

  it('decodes a connect error as a refusal', () => {
    expect(socketIoAdapter.decode('44{"message":"nope"}')).toEqual({
      kind: 'refused',
      data: { message: 'nope' },
    });
  });

  it('ignores a pong and a disconnect', () => {
    expect(socketIoAdapter.decode('3')).toEqual({ kind: 'ignored' });
    expect(socketIoAdapter.decode('41')).toEqual({ kind: 'ignored' });
  });

  it('joins a room by a join request with an ack id', () => {
    expect(socketIoAdapter.encodeJoin).toBeNull();
    expect(socketIoAdapter.encodeRequest('join', 'bench', 4)).toBe(
      '424["join","bench"]',
    );
  });

  it('encodes an event without an ack id', () => {
    expect(socketIoAdapter.encodeEvent('pub', { s: 1 })).toBe(
      '42["pub",{"s":1}]',
    );
  });
});

describe('ADAPTERS', () => {
  it('names every adapter by the name --servers uses', () => {
    for (const [name, adapter] of Object.entries(ADAPTERS)) {
      expect(adapter.name).toBe(name);
    }
  });
});
