import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServer } from '../src/chat-server.mjs';
import { MAX_FILE_BYTES, MAX_TEXT_CHARS } from '../src/chat-rules.mjs';
import { NICK_PARAM, WS_PATH } from '../src/create-chat-stelar.mjs';
import { CLIENT_SCRIPT_PATH } from '../src/static-site.mjs';
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
  const client = await connectTo(`ws://127.0.0.1:${chat.port}${WS_PATH}`);
  if (nick !== undefined) await client.setNick(nick);
  return client;
}

async function connectTo(url: string): Promise<ProtocolClient> {
  const client = await ProtocolClient.connect(url);
  clients.push(client);
  return client;
}

/** Announces a file with `file-meta`, then sends its bytes, as the page does. */
function sendFile(
  client: ProtocolClient,
  meta: { room: string; name: string; type: string },
  bytes: Uint8Array,
): void {
  client.send('file-meta', meta);
  client.sendBinary('file', bytes);
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
      expect(await script.text()).toContain(`from '${CLIENT_SCRIPT_PATH}'`);
      expect(await health.json()).toMatchObject({ status: 'ok' });
    });

    it("serves the client's one-file build, the module the page imports", async () => {
      const response = await fetch(
        `http://127.0.0.1:${chat.port}${CLIENT_SCRIPT_PATH}`,
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      const build = await readFile(
        createRequire(import.meta.url).resolve(
          '@stelar/client/stelar-client.min.js',
        ),
        'utf8',
      );
      const served = await response.text();
      expect(served).toBe(build);
      expect(served).toMatch(/export\s*\{[^}]*\bStelarClient\b/);
    });

    it('lets the page show shared images from object URLs, and nothing else', async () => {
      const page = await fetch(`http://127.0.0.1:${chat.port}/`);
      const policy = page.headers.get('content-security-policy');
      expect(policy).toContain("img-src 'self' data: blob:");
      expect(policy).toContain("default-src 'self'");
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

    it('names a newcomer after the nick parameter of its URL', async () => {
      const client = await connectTo(
        `ws://127.0.0.1:${chat.port}${WS_PATH}?${NICK_PARAM}=%20Ada%20`,
      );
      const nick = await client.next((m) => m.event === 'nick');
      expect(nick.data).toEqual({ nick: 'Ada' });
      expect(chat.stelar.getClients()[0]?.metadata.nick).toBe('Ada');
    });

    it('refuses an invalid nick parameter with NICK_INVALID, keeping a guest name', async () => {
      const long = 'x'.repeat(33);
      const client = await connectTo(
        `ws://127.0.0.1:${chat.port}${WS_PATH}?${NICK_PARAM}=${long}`,
      );
      const nick = await client.next((m) => m.event === 'nick');
      const refusal = await client.next((m) => m.event === 'chat-error');
      expect(nick.data.nick).toBe(`guest-${client.id.slice(0, 6)}`);
      expect(refusal.data).toMatchObject({
        code: 'NICK_INVALID',
        event: 'connect',
      });
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

    it('leaves a message larger than any file to the library (PAYLOAD_TOO_LARGE)', async () => {
      const ada = await connect('Ada');
      await ada.join('lobby');

      ada.send('chat', { room: 'lobby', text: 'z'.repeat(MAX_FILE_BYTES * 2) });

      const refusal = await ada.next((m) => m.event === 'stelar:error');
      expect(refusal.data.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('file', () => {
    const png = { room: 'lobby', name: 'dot.png', type: 'image/png' };

    it('announces a file to its room, then relays its bytes unchanged', async () => {
      const ada = await connect('Ada');
      const bob = await connect('Bob');
      await ada.join('lobby');
      await bob.join('lobby');
      const bytes = Uint8Array.from({ length: 300 }, (_, i) => i % 256);

      sendFile(ada, png, bytes);

      const announced = await bob.next((m) => m.event === 'file');
      expect(announced.data).toMatchObject({
        room: 'lobby',
        from: 'Ada',
        fromId: ada.id,
        name: 'dot.png',
        type: 'image/png',
        size: 300,
      });
      expect(announced.data.at).toBeTypeOf('number');
      const binaryEvent = `file:${announced.data.id}`;
      const atBob = await bob.next((m) => m.event === binaryEvent);
      expect(atBob._binary).toBe(true);
      expect([...atBob.bytes!]).toEqual([...bytes]);

      // The sender gets both too, as its proof the server took the file.
      await ada.next((m) => m.event === 'file');
      const atAda = await ada.next((m) => m.event === binaryEvent);
      expect([...atAda.bytes!]).toEqual([...bytes]);
    });

    it('sends the file and its bytes to the room only', async () => {
      const ada = await connect('Ada');
      const eve = await connect('Eve');
      await ada.join('lobby');

      sendFile(ada, png, new Uint8Array([1, 2, 3]));

      const { data } = await ada.next((m) => m.event === 'file');
      const atAda = await ada.next((m) => m.event === `file:${data.id}`);
      expect([...atAda.bytes!]).toEqual([1, 2, 3]);
      await settle(eve);
      expect(eve.all((m) => m.event.startsWith('file'))).toEqual([]);
    });

    it('refuses bytes no file-meta announced with FILE_UNANNOUNCED', async () => {
      const ada = await connect('Ada');
      await ada.join('lobby');

      ada.sendBinary('file', new Uint8Array([1]));

      const refusal = await ada.next((m) => m.event === 'chat-error');
      expect(refusal.data).toMatchObject({
        code: 'FILE_UNANNOUNCED',
        event: 'file',
      });
    });

    it('pairs one file-meta with the next bytes only', async () => {
      const ada = await connect('Ada');
      await ada.join('lobby');

      sendFile(ada, png, new Uint8Array([1]));
      ada.sendBinary('file', new Uint8Array([2]));

      await ada.next((m) => m.event === 'file');
      const refusal = await ada.next((m) => m.event === 'chat-error');
      expect(refusal.data.code).toBe('FILE_UNANNOUNCED');
      await settle(ada);
      expect(ada.all((m) => m.event === 'file')).toEqual([]);
    });

    it.each([
      [
        'for a room the sender is not in',
        { ...png, room: 'attic' },
        1,
        'NOT_A_MEMBER',
      ],
      ['without a name', { ...png, name: '  ' }, 1, 'FILE_INVALID'],
      ['of a malformed type', { ...png, type: 'image png' }, 1, 'FILE_INVALID'],
      ['of no bytes', png, 0, 'FILE_EMPTY'],
      ['over MAX_FILE_BYTES', png, MAX_FILE_BYTES + 1, 'FILE_TOO_LARGE'],
    ])('refuses a file %s, relaying nothing', async (_, meta, size, code) => {
      const ada = await connect('Ada');
      const bob = await connect('Bob');
      await ada.join('lobby');
      await bob.join('lobby');

      sendFile(ada, meta, new Uint8Array(size));

      const refusal = await ada.next((m) => m.event === 'chat-error');
      expect(refusal.data).toMatchObject({ code, event: 'file' });
      await settle(bob);
      expect(bob.all((m) => m.event.startsWith('file'))).toEqual([]);
    });

    it('accepts a file of exactly MAX_FILE_BYTES', async () => {
      const ada = await connect('Ada');
      await ada.join('lobby');

      sendFile(ada, png, new Uint8Array(MAX_FILE_BYTES));

      const { data } = await ada.next((m) => m.event === 'file');
      expect(data.size).toBe(MAX_FILE_BYTES);
      const relayed = await ada.next((m) => m.event === `file:${data.id}`);
      expect(relayed.bytes!.length).toBe(MAX_FILE_BYTES);
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
