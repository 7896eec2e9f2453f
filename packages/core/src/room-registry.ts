import type { Client } from './client.js';

/**
 * Room membership: one map from room name to members. A room exists while it
 * has a member; the client's own `rooms` set mirrors its memberships.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Set<Client>>();

  /** Number of rooms that have members. */
  get size(): number {
    return this.rooms.size;
  }

  has(room: string): boolean {
    return this.rooms.has(room);
  }

  /** Members of `room`, or undefined when it does not exist. */
  members(room: string): ReadonlySet<Client> | undefined {
    return this.rooms.get(room);
  }

  names(): string[] {
    return [...this.rooms.keys()];
  }

  /** Adds `client` to `room`, creating it on first join. */
  add(room: string, client: Client): void {
    let members = this.rooms.get(room);
    if (members === undefined) {
      members = new Set();
      this.rooms.set(room, members);
    }
    members.add(client);
    client.rooms.add(room);
  }

  /** Removes `client` from `room`, deleting the room when it empties. */
  remove(room: string, client: Client): boolean {
    const members = this.rooms.get(room);
    if (members === undefined || !members.delete(client)) return false;
    if (members.size === 0) this.rooms.delete(room);
    client.rooms.delete(room);
    return true;
  }

  /**
   * Takes a departing client out of every room. Its own `rooms` set is kept
   * so the disconnect hook can still say where it was.
   */
  removeEverywhere(client: Client): void {
    const rooms = client.roomsIfAny;
    if (rooms === null) return;
    for (const room of rooms) {
      const members = this.rooms.get(room);
      if (members === undefined) continue;
      members.delete(client);
      if (members.size === 0) this.rooms.delete(room);
    }
  }

  clear(): void {
    this.rooms.clear();
  }
}
