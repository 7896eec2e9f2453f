import type { OutgoingMessage } from './link.js';
import type { PendingReply } from './pending-reply.js';

/** A message waiting for a connection, with the reply it waits for. */
export interface QueuedMessage {
  message: OutgoingMessage;
  /** Set for requests and room changes, which fail when dropped. */
  reply: PendingReply<unknown> | null;
}

/**
 * The messages sent while not connected, oldest first, bounded by a
 * capacity: when full, the oldest is dropped to make room.
 */
export class OfflineQueue {
  private items: QueuedMessage[] = [];
  private capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.items.length;
  }

  /**
   * Adds `item` and returns what had to go to make room; with a capacity of
   * 0 that is `item` itself.
   */
  push(item: QueuedMessage): QueuedMessage[] {
    if (this.capacity === 0) return [item];
    this.items.push(item);
    return this.trim();
  }

  /** Changes the capacity; returns the oldest messages that no longer fit. */
  resize(capacity: number): QueuedMessage[] {
    this.capacity = capacity;
    return this.trim();
  }

  /** Removes and returns every message, oldest first. */
  takeAll(): QueuedMessage[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  /** Puts messages back in front, for a drain the link cut short. */
  restore(items: readonly QueuedMessage[]): void {
    this.items = [...items, ...this.items];
  }

  /** Drops the message awaiting `reply`, settled elsewhere (a timeout). */
  discard(reply: PendingReply<unknown>): void {
    this.items = this.items.filter((item) => item.reply !== reply);
  }

  /** Drops and returns every message that awaits a reply. */
  takeReplies(): QueuedMessage[] {
    const awaiting = this.items.filter((item) => item.reply !== null);
    this.items = this.items.filter((item) => item.reply === null);
    return awaiting;
  }

  private trim(): QueuedMessage[] {
    const excess = this.items.length - this.capacity;
    return excess > 0 ? this.items.splice(0, excess) : [];
  }
}
