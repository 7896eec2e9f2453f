// The time bot as its own process, as a real service would run:
// `node src/time-bot-process.mjs <tcp port>`. Started by src/server.mjs, it
// ends when its parent does, so a killed demo leaves no bot behind.
import { startTimeBot } from './time-bot.mjs';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error(`time bot: expected a TCP port, got "${process.argv[2]}"`);
  process.exit(2);
}

const bot = startTimeBot({ port });

function stop() {
  bot.disconnect();
  process.exit(0);
}

process.on('disconnect', stop);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
