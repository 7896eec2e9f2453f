import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServer } from '../src/chat-server.mjs';
import { MAX_TEXT_CHARS } from '../src/chat-rules.mjs';
import { WS_PATH } from '../src/create-chat-stelar.mjs';
import { ProtocolClient } from './protocol-client.js';

let chat: ChatServer;
let clients: ProtocolClient[] = [];

beforeEach(async () => {
  chat = await startChatServer({
    port: 0,
    host: '127.0.0.1',
    logger: false,
    gracefulShutdown: false,
  });
});

afterEach(async () => {
  for (const client of clients) client.close();
  clients = [];
  await chat.close();
});

async function connect(nick?: string): Promise<ProtocolClient> {
  const client = await ProtocolClient.connect(
    `ws://127.0.0.1:${chat.port}${WS_PATH}`,
  );
  clients.push(client);
  if (nick !== undefined) await client.setNick(nick);
  return client;
}

/**
 * Resolves once the server has handled everything `client` sent before:
 * replies come back in order, so whatever the server sent this client
 * earlier has arrived by then.
 */
async function settle(client: ProtocolClient): Promise<void> {
  await client.request('no-such-ack', null);
}

describe('the demo chat server', () => {
  describe('the page and the health document', () => {
    it('serves the page, its assets and /health on one port', async () => {
      const base = `http://127.0.0.1:${chat.port}`;
      const page = await fetch(`${base}/`);
      const script = await fetch(`${base}/app.js`);
      const health = await fetch(`${base}/health`);

      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('data-testid="message-form"');
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await health.json()).toMatchObject({ status: 'ok' });
    });

    it('answers an unknown path with 404', async () => {
      const response = await fetch(`http://127.0.0.1:${chat.port}/secret`);
      expect(response.status).toBe(404);
    });
  });

  describe('set-nick', () => {
    it('names a newcomer guest-<id> until it picks a nickname', async () => {
      const client = await connect();
      const nick = await client.next((m) => m.event === 'nick');
      expect(nick.data.nick).toBe(`guest-${client.id.slice(0, 6)}`);
    });

    it('stores the trimmed nickname and confirms it', async () => {
      const client = await connect();
      client.send('set-nick', '  Ada  ');

      const reply = await client.next(
        (m) => m.event === 'nick' && !m.data.nick.startsWith('guest-'),
      );
      expect(reply.data).toEqual({ nick: 'Ada' });
      expect(chat.stelar.getClients()[0]?.metadata.nick).toBe('Ada');
    });

    it.each([
      ['empty once trimmed', '   '],
      ['longer than 32 characters', 'x'.repeat(33)],
      ['not a string', 42],
      ['holding a control character', 'a\nb'],
    ])('refuses a nickname %s with NICK_INVALID', async (_, nick) => {
      const client = await connect('Ada');
      client.send('set-nick', nick);

      const refusal = await client.next((m) => m.event === 'chat-error');
      expect(refusal.data).toMatchObject({
        code: 'NICK_INVALID',
        event: 'set-nick',
      });
      expect(chat.stelar.getClients()[0]?.metadata.nick).toBe('Ada');
    });
  });

  describe('chat', () => {
    it('reaches the members of the room, sender included, and no one else', async () => {
      const ada = await connect('Ada');
      const bob = await connect('Bob');
      const eve = await connect('Eve');
      await ada.join('lobby');
      await bob.join('lobby');

      ada.send('chat', { room: 'lobby', text: 'hello' });

      const atBob = await bob.next((m) => m.event === 'chat');
      const atAda = await ada.next((m) => m.event === 'chat');
      expect(atBob.data).toMatchObject({
        room: 'lobby',
        from: 'Ada',
        fromId: ada.id,
        text: 'hello',
      });
      expect(atBob.data.at).toBeTypeOf('number');
      expect(atAda.data).toEqual(atBob.data);
      await settle(eve);
      expect(eve.all((m) => m.event === 'chat')).toEqual([]);
    });

    it('refuses a sender outside the room with NOT_A_MEMBER', async () => {
      const ada = await connect('Ada');
      const bob = await connect('Bob');
      await bob.join('lobby');

      ada.send('chat', { room: 'lobby', text: 'let me in' });

      const refusal = await ada.next((m) => m.event === 'chat-error');
      expect(refusal.data).toMatchObject({
        code: 'NOT_A_MEMBER',
        event: 'chat',
        room: 'lobby',
      });
      await settle(bob);
      expect(bob.all((m) => m.event === 'chat')).toEqual([]);
    });

    it('refuses a text longer than the limit with TEXT_TOO_LONG', async () => {
      const ada = await connect('Ada');
      await ada.join('lobby');

      ada.send('chat', { room: 'lobby', text: 'y'.repeat(MAX_TEXT_CHARS + 1) });

      const refusal = await ada.next((m) => m.event === 'chat-error');
      expect(refusal.data.code).toBe('TEXT_TOO_LONG');
      await settle(ada);
      expect(ada.all((m) => m.event === 'chat')).toEqual([]);
    });

    it('accepts a text of exactly the limit, counting an emoji as one', async () => {
      const ada = await connect('Ada');
      await ada.join('lobby');
      const text = '😀'.repeat(MAX_TEXT_CHARS);

      ada.send('chat', { room: 'lobby', text });

      const echo = await ada.next((m) => m.event === 'chat');
      expect(echo.data.text).toBe(text);
    });

    it('leaves a message far over the limit to the library (PAYLOAD_TOO_LARGE)', async () => {
      const ada = await connect('Ada');
      await ada.join('lobby');

      ada.send('chat', { room: 'lobby', text: 'z'.repeat(20_000) });

      const refusal = await ada.next((m) => m.event === 'stelar:error');
      expect(refusal.data.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('who', () => {
    it('answers with the nicknames of the room, sorted', async () => {
      const ada = await connect('Ada');
      const bob = await connect('Bob');
      await bob.join('lobby');
      await ada.join('lobby');

      const reply = await bob.request('who', 'lobby');

      expect(reply.error).toBeUndefined();
      expect(reply.data).toEqual({
        room: 'lobby',
        members: [
          { id: ada.id, nick: 'Ada' },
          { id: bob.id, nick: 'Bob' },
        ],
      });
    });

    it('fails with NOT_A_MEMBER for a room the asker is not in', async () => {
      const ada = await connect('Ada');
      const bob = await connect('Bob');
      await bob.join('lobby');

      const reply = await ada.request('who', 'lobby');

      expect(reply.error?.code).toBe('NOT_A_MEMBER');
      expect(reply.data).toBeUndefined();
    });
  });

  describe('presence', () => {
    it('tells the room when someone joins, renames, leaves and disconnects', async () => {
      const ada = await connect('Ada');
      const bob = await connect('Bob');
      await ada.join('lobby');

      await bob.join('lobby');
      bob.send('set-nick', 'Robert');
      await bob.next((m) => m.event === 'nick' && m.data.nick === 'Robert');
      bob.send('leave-room', 'lobby');
      await bob.next((m) => m.event === 'left-room');
      await bob.join('lobby');
      bob.close();

      const seen = [];
      for (let i = 0; i < 4; i++) {
        const { data } = await ada.next((m) => m.event === 'presence');
        seen.push([data.kind, data.nick, data.previous]);
      }
      expect(seen).toEqual([
        ['joined', 'Bob', undefined],
        ['renamed', 'Robert', 'Bob'],
        ['left', 'Robert', undefined],
        ['joined', 'Robert', undefined],
      ]);
      const gone = await ada.next((m) => m.event === 'presence');
      expect([gone.data.kind, gone.data.nick]).toEqual(['left', 'Robert']);
    });

    it('does not tell the joiner or the leaver about themselves', async () => {
      const ada = await connect('Ada');
      await ada.join('lobby');
      ada.send('leave-room', 'lobby');
      await ada.next((m) => m.event === 'left-room');

      await settle(ada);
      expect(ada.all((m) => m.event === 'presence')).toEqual([]);
    });
  });
});
