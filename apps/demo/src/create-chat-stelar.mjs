import { randomUUID } from 'node:crypto';
import { StelarError, StelarServer } from 'stelar-time-real';
import {
  ChatErrorCode,
  MAX_FILE_BYTES,
  checkChatMessage,
  checkNickname,
  checkSharedFile,
} from './chat-rules.mjs';

/** @typedef {import('stelar-time-real').Context} Context */
/** @typedef {import('stelar-time-real').StelarOptions} StelarOptions */
/** @typedef {import('stelar-time-real').StelarHooks} StelarHooks */

/** The path of the WebSocket on the demo's HTTP server. */
export const WS_PATH = '/ws';

/** The query parameter of the WebSocket URL that carries a nickname. */
export const NICK_PARAM = 'nick';

/** Where a client's nickname lives in its metadata. */
const NICK_KEY = 'nick';

// A shared file is the largest message there is: its bytes plus the binary
// frame's small JSON header. Anything beyond that is neither a file nor a
// chat message (2,000 characters take at most 12,000 bytes as JSON), and
// the library drops it with PAYLOAD_TOO_LARGE before it is even parsed.
const MAX_PAYLOAD_BYTES = MAX_FILE_BYTES + 1024;

/**
 * The `file-meta` each client sent last, waiting for the bytes that follow
 * it. Keyed by the library's client object, so a client that goes away
 * takes its entry with it.
 *
 * @type {WeakMap<object, unknown>}
 */
const announcedFiles = new WeakMap();

/**
 * @typedef {object} ChatStelarOptions
 * @property {import('node:http').Server} server The HTTP server to share.
 * @property {StelarOptions['logger']} logger
 * @property {boolean} gracefulShutdown Stop on SIGINT/SIGTERM, then exit.
 * @property {number | false} [tcpPort=false] Where Node.js services such as
 *   the time bot connect over TCP; `0` lets the system choose.
 */

/**
 * Builds the StelarServer of the chat on an existing HTTP server, with its
 * handlers and presence hooks in place. Not started yet.
 *
 * Events in: `set-nick` (a string), `chat` (`{ room, text }`), `file-meta`
 * (`{ room, name, type }`) then the binary `file`, the request `who` (a
 * room). Events out: `nick`, `chat`, `file` then the binary `file:<id>`,
 * `presence`, `chat-error`.
 *
 * @param {ChatStelarOptions} options
 * @returns {StelarServer}
 */
export function createChatStelar({
  server,
  logger,
  gracefulShutdown,
  tcpPort = false,
}) {
  /** @type {StelarHooks} */
  const hooks = {
    // Both hooks run *before* the membership changes and could cancel it;
    // they never return false, so they only announce.
    onClientJoinRoom: ({ room, metadata }) => {
      announce(stelar, room, 'joined', nickFrom(metadata.get(NICK_KEY)));
    },
    onClientLeaveRoom: ({ clientId, room }) => {
      const nick = nickOfMember(stelar, room, clientId);
      announce(stelar, room, 'left', nick, clientId);
    },
  };
  const stelar = new StelarServer({
    server,
    namespace: WS_PATH,
    logger,
    gracefulShutdown,
    tcpPort,
    maxPayloadSize: MAX_PAYLOAD_BYTES,
    hooks,
  });

  stelar.onConnection(clientOnConnect);
  stelar.onDisconnect(clientOnDisconnect);
  stelar.on('set-nick', clientOnSetNick);
  stelar.on('chat', clientOnChat);
  stelar.on('file-meta', clientOnFileMeta);
  stelar.on('file', clientOnFile);
  stelar.onAck('who', clientOnWho);
  return stelar;
}

/**
 * Names the newcomer after the `nick` query parameter of its WebSocket URL,
 * or gives it a guest name, so that presence and chat always have someone
 * to name. The page reconnects with its nickname in the URL: the name is
 * then in place before the client joins its rooms again and sends what it
 * queued, which a `set-nick` sent after the welcome would not be.
 *
 * @param {Context} ctx
 */
function clientOnConnect(ctx) {
  const asked = nickParamOf(ctx.req?.url);
  const result = asked === null ? null : checkNickname(asked);
  const nick = result?.ok ? result.value : `guest-${ctx.id.slice(0, 6)}`;
  ctx.setMetadata(NICK_KEY, nick);
  ctx.emit('nick', { nick });
  if (result !== null && !result.ok) refuse(ctx, result);
}

/**
 * The library has already taken the client out of its rooms (without
 * running the leave hook), so the others learn of it here.
 *
 * @param {Context} ctx
 */
function clientOnDisconnect(ctx) {
  const nick = nickOf(ctx);
  for (const room of ctx.clientInfo.rooms) {
    ctx.to(room, 'presence', presence(room, 'left', nick));
  }
}

/** @param {Context} ctx */
function clientOnSetNick(ctx) {
  const result = checkNickname(ctx.data);
  if (!result.ok) {
    refuse(ctx, result);
    return;
  }

  const previous = nickOf(ctx);
  const nick = result.value;
  ctx.setMetadata(NICK_KEY, nick);
  ctx.emit('nick', { nick });
  if (nick === previous) return;

  for (const room of ctx.clientInfo.rooms) {
    ctx.to(room, 'presence', { ...presence(room, 'renamed', nick), previous });
  }
}

/**
 * Sends a message to its room, sender included: the echo is the sender's
 * proof that the server took it.
 *
 * @param {Context} ctx
 */
function clientOnChat(ctx) {
  const result = checkChatMessage(ctx.data, ctx.clientInfo.rooms);
  if (!result.ok) {
    refuse(ctx, result, roomOf(ctx.data));
    return;
  }

  const { room, text } = result.value;
  ctx.to(room, 'chat', {
    room,
    from: nickOf(ctx),
    fromId: ctx.id,
    text,
    at: Date.now(),
  });
}

/**
 * Keeps the announcement of a file until its bytes arrive. The page sends
 * the two back to back, and the server handles a client's messages in
 * order, so the bytes that come next are this file's.
 *
 * @param {Context} ctx
 */
function clientOnFileMeta(ctx) {
  announcedFiles.set(ctx.clientInfo, ctx.data);
}

/**
 * Shares a file with its room: the `file` event tells the room's members
 * who sent what, then the bytes follow as the binary event `file:<id>`.
 * The sender gets both too, as its proof the server took the file.
 *
 * @param {Context} ctx
 */
function clientOnFile(ctx) {
  if (!announcedFiles.has(ctx.clientInfo)) {
    refuse(ctx, {
      code: ChatErrorCode.FILE_UNANNOUNCED,
      message: 'send a file-meta event right before the bytes of a file',
    });
    return;
  }
  const meta = announcedFiles.get(ctx.clientInfo);
  announcedFiles.delete(ctx.clientInfo);
  const result = checkSharedFile(meta, ctx.data, ctx.clientInfo.rooms);
  if (!result.ok) {
    refuse(ctx, result, roomOf(meta));
    return;
  }

  const { room, name, type, bytes } = result.value;
  const id = randomUUID();
  ctx.to(room, 'file', {
    id,
    room,
    from: nickOf(ctx),
    fromId: ctx.id,
    name,
    type,
    size: bytes.byteLength,
    at: Date.now(),
  });
  ctx.toBinary(room, `file:${id}`, bytes);
}

/**
 * Answers `who` with the members of a room the asker is in. A thrown
 * StelarError reaches the client as the failed reply's code and message.
 *
 * `getClients(room)` rather than `getRoomMembers(room)`: the latter gives
 * only ids, and the library has no lookup of one client's metadata by id.
 *
 * @param {Context} ctx
 */
function clientOnWho(ctx) {
  const room = ctx.data;
  if (typeof room !== 'string' || !ctx.clientInfo.rooms.has(room)) {
    throw new StelarError(
      ChatErrorCode.NOT_A_MEMBER,
      'ask who is in a room you have joined',
    );
  }

  const members = ctx.getClients(room).map((client) => ({
    id: client.id,
    nick: nickFrom(client.metadata[NICK_KEY]),
  }));
  members.sort((a, b) => a.nick.localeCompare(b.nick));
  return { room, members };
}

/**
 * Tells the sender what was wrong, in the shape of the library's own
 * `stelar:error` (`code`, `message`, `event`, `room`), but under the demo's
 * event name: `stelar:` names are the library's alone.
 *
 * @param {Context} ctx
 * @param {{ code: string, message: string }} refusal
 * @param {string} [room]
 */
function refuse(ctx, { code, message }, room) {
  const data = { code, message, event: ctx.event };
  ctx.emit('chat-error', room === undefined ? data : { ...data, room });
}

/**
 * @param {StelarServer} stelar
 * @param {string} room
 * @param {'joined' | 'left'} kind
 * @param {string} nick
 * @param {string} [excludeId]
 */
function announce(stelar, room, kind, nick, excludeId) {
  stelar.to(room, 'presence', presence(room, kind, nick), excludeId);
}

/**
 * @param {string} room
 * @param {'joined' | 'left' | 'renamed'} kind
 * @param {string} nick
 */
function presence(room, kind, nick) {
  return { room, kind, nick, at: Date.now() };
}

/** @param {Context} ctx */
function nickOf(ctx) {
  return nickFrom(ctx.getMetadata(NICK_KEY));
}

/** @param {unknown} nick A value stored under {@link NICK_KEY}. */
function nickFrom(nick) {
  return typeof nick === 'string' ? nick : 'someone';
}

/**
 * The leave hook names only the client, not its metadata, so its nickname
 * is found among the room's members, where it still is while the hook runs.
 *
 * @param {StelarServer} stelar
 * @param {string} room
 * @param {string} clientId
 */
function nickOfMember(stelar, room, clientId) {
  const member = stelar.getClients(room).find((c) => c.id === clientId);
  return nickFrom(member?.metadata[NICK_KEY]);
}

/**
 * @param {string | undefined} url The upgrade request's path and query.
 * @returns {string | null}
 */
function nickParamOf(url) {
  if (url === undefined) return null;
  return new URL(url, 'http://localhost').searchParams.get(NICK_PARAM);
}

/** @param {unknown} data */
function roomOf(data) {
  const room =
    typeof data === 'object' && data !== null
      ? /** @type {Record<string, unknown>} */ (data).room
      : undefined;
  return typeof room === 'string' ? room : undefined;
}
