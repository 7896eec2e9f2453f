import { describe, expect, it } from 'vitest';
import { PendingReply } from './pending-reply.js';
import { RoomMembership } from './room-membership.js';

function sentReply(): PendingReply<void> {
  const reply = new PendingReply<void>(1000, () => {});
  reply.sent = true;
  return reply;
}

describe('RoomMembership', () => {
  it('adds a room on joined-room and settles the oldest join of it', () => {
    const rooms = new RoomMembership();
    const first = sentReply();
    const second = sentReply();
    rooms.wait({ kind: 'join', room: 'a', reply: first });
    rooms.wait({ kind: 'join', room: 'a', reply: second });
    expect(rooms.confirm('join', 'a')?.reply).toBe(first);
    expect(rooms.rooms()).toEqual(['a']);
    expect(rooms.confirm('leave', 'a')).toBeUndefined();
    expect(rooms.rooms()).toEqual([]);
    second.resolve();
  });

  it('matches a refusal naming a room to a change of that room and kind', () => {
    const rooms = new RoomMembership();
    const leave = sentReply();
    const join = sentReply();
    rooms.wait({ kind: 'leave', room: 'a', reply: leave });
    rooms.wait({ kind: 'join', room: 'a', reply: join });
    const refused = rooms.refuse({
      code: 'JOIN_REJECTED',
      event: undefined,
      room: 'a',
    });
    expect(refused?.reply).toBe(join);
    leave.resolve();
    join.resolve();
  });

  it('matches a rate-limit refusal to the oldest change of its event', () => {
    const rooms = new RoomMembership();
    const leave = sentReply();
    rooms.wait({ kind: 'leave', room: 'b', reply: leave });
    const refused = rooms.refuse({
      code: 'RATE_LIMITED',
      event: 'leave-room',
      room: undefined,
    });
    expect(refused?.reply).toBe(leave);
    expect(
      rooms.refuse({ code: 'NO_HANDLER', event: 'chat', room: undefined }),
    ).toBeUndefined();
    leave.resolve();
  });

  it('forgets a room whose join again after a reconnection is refused', () => {
    const rooms = new RoomMembership();
    rooms.confirm('join', 'a');
    rooms.wait({ kind: 'join', room: 'a', reply: null });
    const refused = rooms.refuse({
      code: 'MAX_ROOMS',
      event: undefined,
      room: 'a',
    });
    expect(refused).toMatchObject({ room: 'a', reply: null });
    expect(rooms.rooms()).toEqual([]);
  });

  it('hands back only the sent changes when a link drops', () => {
    const rooms = new RoomMembership();
    const sent = sentReply();
    const queued = new PendingReply<void>(1000, () => {});
    rooms.wait({ kind: 'join', room: 'a', reply: sent });
    rooms.wait({ kind: 'join', room: 'b', reply: queued });
    expect(rooms.takeSent().map((c) => c.room)).toEqual(['a']);
    expect(rooms.takeAll().map((c) => c.room)).toEqual(['b']);
    sent.resolve();
    queued.resolve();
  });
});
