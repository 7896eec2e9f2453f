// The demo chat from the command line: `PORT=4000 node src/server.mjs`.
// It prints one line with the page's URL on stdout; the server's own log
// goes to stderr. Ctrl-C closes every client with 1001, then exits.
import { startChatServer } from './chat-server.mjs';

/**
 * @param {string | undefined} text The PORT variable.
 * @returns {number}
 */
function parsePort(text) {
  if (text === undefined || text === '') return 3000;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${text}"`);
  }
  return port;
}

try {
  const chat = await startChatServer({ port: parsePort(process.env.PORT) });
  console.log(`stelar demo chat on ${chat.url}`);
} catch (error) {
  console.error(
    `stelar demo chat failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
