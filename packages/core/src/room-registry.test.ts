import { describe, expect, it } from 'vitest';
import { Client } from './client.js';
import { RoomRegistry } from './room-registry.js';
import type { Connection, Transport } from './transport.js';

function fakeClient(id: string): Client {
  // A registry never touches the connection; only its protocol is read.
  const connection = { transport: { protocol: 'ws' } as Transport };
  return new Client(id, connection as Connection, 0, '127.0.0.1');
}

describe('RoomRegistry', () => {
  describe('add()', () => {
    it('creates the room on first join and mirrors it on the client', () => {
      const rooms = new RoomRegistry();
      const a = fakeClient('a');
      rooms.add('lobby', a);
      expect(rooms.names()).toEqual(['lobby']);
      expect([...a.rooms]).toEqual(['lobby']);
    });

    it('treats __proto__ as an ordinary room name', () => {
      const rooms = new RoomRegistry();
      rooms.add('__proto__', fakeClient('a'));
      expect(rooms.has('__proto__')).toBe(true);
      expect(({} as Record<string, unknown>)['a']).toBeUndefined();
    });
  });

  describe('remove()', () => {
    it('deletes the room when its last member leaves', () => {
      const rooms = new RoomRegistry();
      const a = fakeClient('a');
      const b = fakeClient('b');
      rooms.add('r', a);
      rooms.add('r', b);
      expect(rooms.remove('r', a)).toBe(true);
      expect(rooms.size).toBe(1);
      expect(rooms.remove('r', b)).toBe(true);
      expect(rooms.size).toBe(0);
      expect(rooms.remove('r', b)).toBe(false);
    });
  });

  describe('removeEverywhere()', () => {
    it('empties rooms but keeps the client record of where it was', () => {
      const rooms = new RoomRegistry();
      const a = fakeClient('a');
      rooms.add('x', a);
      rooms.add('y', a);
      rooms.removeEverywhere(a);
      expect(rooms.size).toBe(0);
      expect([...a.rooms].sort()).toEqual(['x', 'y']);
    });
  });
});
