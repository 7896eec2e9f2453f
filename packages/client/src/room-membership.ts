import { ProtocolEvent, RefusalCode } from '@stelar/protocol';
import type { PendingReply } from './pending-reply.js';

/**
 * One join or leave waiting for the server's answer. `reply` is null for the
 * joins the client sends by itself after a reconnection.
 */
export interface RoomChange {
  kind: 'join' | 'leave';
  room: string;
  reply: PendingReply<void> | null;
}

/** What a `stelar:error` says, as far as rooms care. */
export interface RoomRefusal {
  code: string;
  event: string | undefined;
  room: string | undefined;
}

const JOIN_REFUSALS: ReadonlySet<string> = new Set([
  RefusalCode.JOIN_REJECTED,
  RefusalCode.MAX_ROOMS,
  RefusalCode.MAX_ROOMS_PER_CLIENT,
]);

function refusedKind(code: string): RoomChange['kind'] | null {
  if (JOIN_REFUSALS.has(code)) return 'join';
  if (code === RefusalCode.LEAVE_REJECTED) return 'leave';
  return null;
}

function isSent(change: RoomChange): boolean {
  return change.reply === null || change.reply.sent;
}

/**
 * The rooms the client is in, as the server confirmed them, and the changes
 * it is waiting for. The server answers a client's messages in order, so
 * the first waiting change that fits an answer is the one it answers.
 */
export class RoomMembership {
  private readonly joined = new Set<string>();
  private changes: RoomChange[] = [];

  /** The rooms to join again after a reconnection. */
  rooms(): string[] {
    return [...this.joined];
  }

  wait(change: RoomChange): void {
    this.changes.push(change);
  }

  /** Forgets `room` at once: a leave asked for while not connected. */
  forget(room: string): void {
    this.joined.delete(room);
  }

  /** `joined-room` / `left-room`: the change took effect. */
  confirm(kind: RoomChange['kind'], room: string): RoomChange | undefined {
    if (kind === 'join') this.joined.add(room);
    else this.joined.delete(room);
    return this.take((c) => c.kind === kind && c.room === room && isSent(c));
  }

  /**
   * A `stelar:error`: returns the change it refuses, if any. A refusal names
   * its room; one that names only the membership event (a rate limit) goes
   * to the oldest change of that kind.
   */
  refuse(refusal: RoomRefusal): RoomChange | undefined {
    const change = this.take(matcher(refusal));
    if (change?.kind === 'join') this.joined.delete(change.room);
    return change;
  }

  /** Stops waiting for `reply`, settled elsewhere (a timeout). */
  discard(reply: PendingReply<void>): void {
    this.changes = this.changes.filter((c) => c.reply !== reply);
  }

  /** Removes and returns the changes already sent: a dropped link lost them. */
  takeSent(): RoomChange[] {
    const sent = this.changes.filter(isSent);
    this.changes = this.changes.filter((c) => !isSent(c));
    return sent;
  }

  /** Removes and returns every change: the client gave up connecting. */
  takeAll(): RoomChange[] {
    const all = this.changes;
    this.changes = [];
    return all;
  }

  private take(match: (change: RoomChange) => boolean): RoomChange | undefined {
    const index = this.changes.findIndex(match);
    if (index === -1) return undefined;
    return this.changes.splice(index, 1)[0];
  }
}

function matcher(refusal: RoomRefusal): (change: RoomChange) => boolean {
  const { code, event, room } = refusal;
  if (room !== undefined) {
    const kind = refusedKind(code);
    return (c) =>
      c.room === room && (kind === null || c.kind === kind) && isSent(c);
  }
  if (event === ProtocolEvent.JOIN_ROOM) {
    return (c) => c.kind === 'join' && isSent(c);
  }
  if (event === ProtocolEvent.LEAVE_ROOM) {
    return (c) => c.kind === 'leave' && isSent(c);
  }
  return never;
}

function never(): boolean {
  return false;
}
