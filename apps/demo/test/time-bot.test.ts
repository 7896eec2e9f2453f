import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServer } from '../src/chat-server.mjs';
import { WS_PATH } from '../src/create-chat-stelar.mjs';
import { BOT_NICK, startTimeBot } from '../src/time-bot.mjs';
import { ProtocolClient } from './protocol-client.js';

type Bot = ReturnType<typeof startTimeBot>;

let chat: ChatServer;
let bot: Bot | undefined;
let clients: ProtocolClient[] = [];

beforeEach(async () => {
  chat = await startChatServer({
    port: 0,
    host: '127.0.0.1',
    logger: false,
    gracefulShutdown: false,
    tcpPort: 0,
  });
});

afterEach(async () => {
  bot?.disconnect();
  bot = undefined;
  for (const client of clients) client.close();
  clients = [];
  await chat.close();
});

async function person(nick: string): Promise<ProtocolClient> {
  const client = await ProtocolClient.connect(
    `ws://127.0.0.1:${chat.port}${WS_PATH}`,
  );
  clients.push(client);
  await client.setNick(nick);
  await client.join('lobby');
  return client;
}

/** Starts the bot and resolves once it sits in the lobby under its name. */
async function botInLobby(): Promise<Bot> {
  const started = startTimeBot({
    port: chat.tcpPort as number,
    logger: false,
  });
  bot = started;
  for (let tries = 0; tries < 200; tries++) {
    const members = chat.stelar.getClients('lobby');
    const found = members.find((m) => m.metadata['nick'] === BOT_NICK);
    if (found !== undefined) return started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the bot never joined the lobby under its name');
}

describe('the time bot', () => {
  it('sits in the lobby as a TCP client beside the browser users', async () => {
    await person('ada');
    await botInLobby();

    const members = chat.stelar.getClients('lobby');
    const protocols = Object.fromEntries(
      members.map((m) => [m.metadata['nick'], m.protocol]),
    );
    expect(protocols).toEqual({ ada: 'ws', [BOT_NICK]: 'tcp' });
  });

  it('answers /time in the room it was asked in', async () => {
    const ada = await person('ada');
    await botInLobby();

    ada.send('chat', { room: 'lobby', text: '/time' });

    const reply = await ada.next(
      (m) => m.event === 'chat' && m.data.from === BOT_NICK,
    );
    expect(reply.data.room).toBe('lobby');
    expect(reply.data.text).toMatch(/^It is .+ GMT\.$/);
    expect(Date.parse(reply.data.text.slice(6, -1))).not.toBeNaN();
  });

  it('ignores other messages', async () => {
    const ada = await person('ada');
    await botInLobby();

    ada.send('chat', { room: 'lobby', text: 'what time is it?' });
    ada.send('chat', { room: 'lobby', text: '/time' });

    const fromBot = await ada.next(
      (m) => m.event === 'chat' && m.data.from === BOT_NICK,
    );
    expect(fromBot.data.text).toMatch(/^It is /);
    // Had it answered the first message, that answer would have come first
    // and still be waiting here: next() took only the one it returned.
    const otherAnswers = ada.all(
      (m) => m.event === 'chat' && m.data.from === BOT_NICK,
    );
    expect(otherAnswers).toEqual([]);
    const texts = ada.all((m) => m.event === 'chat').map((m) => m.data.text);
    expect(texts.slice(0, 2)).toEqual(['what time is it?', '/time']);
  });
});
