import { describe, expect, it } from 'vitest';
import { isThenable } from './is-thenable.js';
import { ListenerRegistry } from './listener-registry.js';

/** A registry whose invoker records failures, as HookRunner.call contains them. */
function registry() {
  const failures: [unknown, string][] = [];
  const listeners = new ListenerRegistry((call, name) => {
    try {
      const result = call();
      if (isThenable(result)) {
        result.then(undefined, (error) => failures.push([error, name]));
      }
    } catch (error) {
      failures.push([error, name]);
    }
  });
  return { listeners, failures };
}

describe('ListenerRegistry', () => {
  it('calls several listeners of a name in the order added', () => {
    const { listeners } = registry();
    const calls: string[] = [];
    listeners.add('x', (v) => calls.push(`a${v}`));
    listeners.add('x', (v) => calls.push(`b${v}`));
    expect(listeners.emit('x', [1])).toBe(true);
    expect(calls).toEqual(['a1', 'b1']);
  });

  it('removes a once listener before calling it', () => {
    const { listeners } = registry();
    let count = 0;
    listeners.add('x', () => count++, true);
    listeners.emit('x', []);
    listeners.emit('x', []);
    expect(count).toBe(1);
    expect(listeners.has('x')).toBe(false);
  });

  it('keeps calling the others when one throws', () => {
    const { listeners, failures } = registry();
    const boom = new Error('boom');
    let reached = false;
    listeners.add('x', () => {
      throw boom;
    });
    listeners.add('x', () => {
      reached = true;
    });
    listeners.emit('x', []);
    expect(reached).toBe(true);
    expect(failures).toEqual([[boom, 'x']]);
  });

  it('hands a rejecting listener to the invoker like any other', async () => {
    const { listeners, failures } = registry();
    const boom = new Error('async boom');
    listeners.add('x', async () => {
      throw boom;
    });
    listeners.emit('x', []);
    await Promise.resolve();
    await Promise.resolve();
    expect(failures).toEqual([[boom, 'x']]);
  });

  it('removes every registration of a function, and clears by name', () => {
    const { listeners } = registry();
    const fn = () => {};
    listeners.add('x', fn);
    listeners.add('x', fn, true);
    listeners.add('y', fn);
    listeners.remove('x', fn);
    expect(listeners.has('x')).toBe(false);
    listeners.clear('y');
    expect(listeners.emit('y', [])).toBe(false);
  });

  it('lets a listener remove a later one without skipping the snapshot', () => {
    const { listeners } = registry();
    const calls: string[] = [];
    const second = () => calls.push('second');
    listeners.add('x', () => {
      calls.push('first');
      listeners.remove('x', second);
    });
    listeners.add('x', second);
    listeners.emit('x', []);
    listeners.emit('x', []);
    expect(calls).toEqual(['first', 'second', 'first']);
  });
});
