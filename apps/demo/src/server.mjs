// The demo chat from the command line: `PORT=4000 node src/server.mjs`.
// It prints the page's URL on stdout, then a line about the time bot, a
// Node.js service that joins the chat over TCP (TCP_PORT, default: any free
// port). The server's own log goes to stderr. Ctrl-C closes every client
// with 1001, then exits.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startChatServer } from './chat-server.mjs';

const BOT_ENTRY = fileURLToPath(
  new URL('./time-bot-process.mjs', import.meta.url),
);

/**
 * @param {string | undefined} text A port variable.
 * @param {number} fallback The port when the variable is unset.
 * @returns {number}
 */
function parsePort(text, fallback) {
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`ports must be integers from 0 to 65535, got "${text}"`);
  }
  return port;
}

try {
  const chat = await startChatServer({
    port: parsePort(process.env.PORT, 3000),
    tcpPort: parsePort(process.env.TCP_PORT, 0),
  });
  console.log(`stelar demo chat on ${chat.url}`);
  // The IPC channel is what lets the bot notice this process is gone.
  fork(BOT_ENTRY, [String(chat.tcpPort)], { stdio: 'inherit' });
  console.log(
    `time bot in room "lobby" over TCP port ${chat.tcpPort}: say /time there`,
  );
} catch (error) {
  console.error(
    `stelar demo chat failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
