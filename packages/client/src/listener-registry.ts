/** A listener of the client's events; arguments depend on the event. */
export type Listener = (...args: any[]) => unknown;

interface Entry {
  fn: Listener;
  once: boolean;
}

/**
 * Calls a listener for the registry, containing what it throws or rejects;
 * `name` is its event.
 */
export type ListenerInvoker = (call: () => unknown, name: string) => void;

/**
 * Listeners by name, several per name, called in the order added. A
 * listener is called through `invoke`, which contains its failure, so one
 * failing listener never stops the others.
 */
export class ListenerRegistry {
  private readonly byName = new Map<string, Entry[]>();
  private readonly invoke: ListenerInvoker;

  constructor(invoke: ListenerInvoker) {
    this.invoke = invoke;
  }

  add(name: string, fn: Listener, once = false): void {
    const entries = this.byName.get(name);
    if (entries === undefined) this.byName.set(name, [{ fn, once }]);
    else entries.push({ fn, once });
  }

  /** Removes every registration of `fn` under `name`. */
  remove(name: string, fn: Listener): void {
    const entries = this.byName.get(name);
    if (entries === undefined) return;
    const kept = entries.filter((entry) => entry.fn !== fn);
    if (kept.length === 0) this.byName.delete(name);
    else this.byName.set(name, kept);
  }

  /** Removes the listeners of `name`, or of every name. */
  clear(name?: string): void {
    if (name === undefined) this.byName.clear();
    else this.byName.delete(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Calls the listeners of `name`; true when there was at least one. */
  emit(name: string, args: readonly unknown[]): boolean {
    const entries = this.byName.get(name);
    if (entries === undefined) return false;

    // A snapshot: listeners may add or remove listeners while being called.
    for (const entry of [...entries]) {
      if (entry.once) this.remove(name, entry.fn);
      this.invoke(() => entry.fn(...args), name);
    }
    return true;
  }
}
