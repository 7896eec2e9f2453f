import { StelarClient } from 'stelar-time-real';

/** The nickname the bot chats under. */
export const BOT_NICK = 'timebot';

/** What the bot answers. */
export const TIME_COMMAND = '/time';

/**
 * @typedef {object} TimeBotOptions
 * @property {number} port The chat server's TCP port.
 * @property {string} [host='127.0.0.1']
 * @property {string} [room='lobby'] The room the bot sits in.
 * @property {import('stelar-time-real').StelarClientOptions['logger']}
 *   [logger='warn']
 */

/**
 * A Node.js service on the chat: it joins a room over the binary TCP
 * transport, as a backend would, and answers `/time` with the server's
 * clock. Browser users see it as one more member of the room.
 *
 * @param {TimeBotOptions} options
 * @returns {StelarClient}
 */
export function startTimeBot({
  port,
  host = '127.0.0.1',
  room = 'lobby',
  logger = 'warn',
}) {
  const bot = new StelarClient(`${host}:${port}`, {
    mode: 'tcp',
    // A service keeps trying while the chat server restarts.
    reconnectionAttempts: Infinity,
    maxReconnectionDelay: 5000,
    logger,
  });

  // The server forgets nicknames when it restarts; the client re-joins the
  // room by itself, and the name is given again on every connect.
  bot.on('connect', () => bot.emit('set-nick', BOT_NICK));
  bot.on('chat', (message) => answer(bot, message));
  bot.connect();
  bot.joinRoom(room).catch(() => {
    // A refused join is reported through the client's error event; the
    // bot then simply stays out of that room.
  });
  return bot;
}

/**
 * @param {StelarClient} bot
 * @param {{ room: string, text: string, fromId: string }} message
 */
function answer(bot, message) {
  if (message.fromId === bot.getId()) return;
  if (message.text.trim() !== TIME_COMMAND) return;
  const now = new Date().toUTCString();
  bot.emit('chat', { room: message.room, text: `It is ${now}.` });
}
