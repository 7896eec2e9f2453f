import { expectTypeOf, test } from 'vitest';
import {
  StelarClient,
  type ClientState,
  type DisconnectInfo,
  type StelarError,
} from './index.node.js';

test('the listener signatures of the client events', () => {
  const client = new StelarClient('localhost:3000', { logger: false });
  client.on('connect', () => {});
  client.on('disconnect', (info) => {
    expectTypeOf(info).toEqualTypeOf<DisconnectInfo>();
  });
  client.on('reconnecting', (attempt) => {
    expectTypeOf(attempt).toEqualTypeOf<number>();
  });
  client.on('error', (error) => {
    expectTypeOf(error).toEqualTypeOf<StelarError>();
  });
  client.on('chat', (data) => {
    expectTypeOf(data).toBeAny();
  });
  expectTypeOf(client.getState()).toEqualTypeOf<ClientState>();
  expectTypeOf(client.request<number>('sum', [1, 2])).toEqualTypeOf<
    Promise<number>
  >();
  expectTypeOf(client.emit('chat', 'hi')).toEqualTypeOf<boolean>();
  client.updateOptions({
    hooks: {
      onReconnectDelay: ({ attempt, defaultDelay }) => attempt * defaultDelay,
    },
  });
});
