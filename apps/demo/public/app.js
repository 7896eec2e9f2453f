// The chat page, on StelarClient: the demo serves the client's one-file
// build at /vendor/stelar-client.min.js. The client keeps the connection:
// it reconnects with backoff, joins the page's rooms again and then sends
// what was typed meanwhile; the page only shows where it stands. Every
// piece of user text reaches the page through textContent, never as HTML.
import { StelarClient, isStelarError } from '/vendor/stelar-client.min.js';

const WS_PATH = '/ws';
/** The query parameter the server reads a nickname from on connection. */
const NICK_PARAM = 'nick';
const HEALTH_URL = '/health';
const HEALTH_POLL_MS = 2000;
const NOTICE_VISIBLE_MS = 8000;
/** As the server's chat-rules.mjs: longest chat message, in characters. */
const MAX_TEXT_CHARS = 2000;
/** As the server's chat-rules.mjs: largest shared file, in bytes. */
const MAX_FILE_BYTES = 256 * 1024;

/** Types shown inline; any other file (SVG included) is a download only. */
const PREVIEW_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

// A connection attempt that fails is what the status already says while
// reconnecting; a notice for each attempt would only repeat it.
const QUIET_ERROR_CODES = new Set([
  'ERR_CLIENT_CONNECTION_FAILED',
  'ERR_CLIENT_HANDSHAKE_REFUSED',
]);

// A "who" cut short by the connection needs no notice: the page asks again
// once connected.
const LOST_REQUEST_CODES = new Set([
  'DISCONNECTED',
  'TIMEOUT',
  'ERR_CLIENT_QUEUE_FULL',
]);

const STATE_TEXT = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
};

/** @param {string} testId */
function byTestId(testId) {
  const element = document.querySelector(`[data-testid="${testId}"]`);
  if (element === null) throw new Error(`the page lacks ${testId}`);
  return element;
}

const ui = {
  status: byTestId('connection-status'),
  queueSize: byTestId('queue-size'),
  reconnect: byTestId('reconnect-now'),
  notice: byTestId('notice'),
  noticeCode: byTestId('notice-code'),
  noticeText: byTestId('notice-text'),
  noticeClose: byTestId('notice-close'),
  nickForm: byTestId('nick-form'),
  nickInput: byTestId('nick-input'),
  currentNick: byTestId('current-nick'),
  roomForm: byTestId('room-form'),
  roomInput: byTestId('room-input'),
  roomList: byTestId('room-list'),
  roomEmpty: byTestId('room-empty'),
  currentRoom: byTestId('current-room'),
  messages: byTestId('messages'),
  placeholder: byTestId('messages-placeholder'),
  messageForm: byTestId('message-form'),
  messageInput: byTestId('message-input'),
  messageCounter: byTestId('message-counter'),
  messageSend: byTestId('message-send'),
  fileInput: byTestId('file-input'),
  fileSend: byTestId('file-send'),
  whoRoom: byTestId('who-room'),
  whoList: byTestId('who-list'),
  whoEmpty: byTestId('who-empty'),
  health: {
    activeConnections: byTestId('health-active-connections'),
    rooms: byTestId('health-rooms'),
    received: byTestId('health-messages-received'),
    sent: byTestId('health-messages-sent'),
    uptime: byTestId('health-uptime'),
    memory: byTestId('health-memory'),
    updated: byTestId('health-updated'),
  },
};

/**
 * @typedef {object} Room
 * @property {HTMLLIElement} item Its entry in the room list.
 * @property {HTMLOListElement} log Its messages.
 * @property {number} unread
 * @property {{ text: string, line: HTMLLIElement }[]} pending Messages
 *   typed while not connected, oldest first, until the server echoes them.
 * @property {string[]} objectUrls The shared files' URLs, revoked on leave.
 */

/**
 * @typedef {object} ChatEvent
 * @property {string} room
 * @property {string} from The sender's nickname.
 * @property {string} fromId
 * @property {string} text
 * @property {number} at Milliseconds since the epoch.
 */

/**
 * @typedef {object} FileEvent The announcement of a file; its bytes follow
 *   as the binary event `file:<id>`.
 * @property {string} id
 * @property {string} room
 * @property {string} from
 * @property {string} fromId
 * @property {string} name
 * @property {string} type
 * @property {number} size In bytes.
 * @property {number} at
 */

/**
 * @typedef {object} PresenceEvent
 * @property {string} room
 * @property {'joined' | 'left' | 'renamed'} kind
 * @property {string} nick
 * @property {string} [previous] The old nickname, for `renamed`.
 * @property {number} at
 */

/**
 * @typedef {object} IncomingFile
 * @property {FileEvent} data
 * @property {HTMLLIElement} line
 */

const state = {
  /** The nickname asked for with set-nick, until the server confirms it. */
  pendingNick: /** @type {string | null} */ (null),
  /** @type {Map<string, Room>} Rooms joined, by name. */
  rooms: new Map(),
  /** @type {string | null} */
  current: null,
  /** @type {Map<string, IncomingFile>} Announced files, by binary event. */
  incomingFiles: new Map(),
  noticeTimer: 0,
};

const client = new StelarClient(wsUrl(null), {
  // A chat page keeps trying for as long as it is open, and comes back
  // within 10 s of its server.
  reconnectionAttempts: Infinity,
  maxReconnectionDelay: 10_000,
  hooks: {
    onStateChange: clientOnStateChange,
    onMessageQueued: renderQueueSize,
    onQueueDrained: renderQueueSize,
  },
});

// ----- the connection --------------------------------------------------------

/**
 * The WebSocket URL, with the nickname the person chose: a reconnection
 * then arrives under that name, before the client joins its rooms again
 * and sends its queue.
 *
 * @param {string | null} nick
 */
function wsUrl(nick) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const url = new URL(`${scheme}://${location.host}${WS_PATH}`);
  if (nick !== null) url.searchParams.set(NICK_PARAM, nick);
  return url.href;
}

/** @param {{ to: keyof typeof STATE_TEXT }} change */
function clientOnStateChange({ to }) {
  ui.status.dataset.state = to;
  ui.status.textContent = STATE_TEXT[to];
  ui.reconnect.hidden = to === 'connected' || to === 'connecting';
  // Who was online is only as fresh as the connection; asked again on connect.
  ui.whoList.classList.toggle('stale', to !== 'connected');
  updateComposer();
}

/** @param {number} attempt From 1. */
function clientOnReconnecting(attempt) {
  ui.status.textContent = `Reconnecting… (attempt ${attempt})`;
}

/**
 * The client has joined the page's rooms again and sent its queue by now;
 * what was said meanwhile is gone, but who is here can be asked afresh.
 */
function clientOnConnect() {
  if (state.current !== null) refreshWho(state.current);
  pollHealth();
}

/** Bytes announced on the lost connection will not come on the next one. */
function clientOnDisconnect() {
  for (const { line } of state.incomingFiles.values()) {
    setFileStatus(line, 'lost with the connection');
  }
  state.incomingFiles.clear();
}

/**
 * Refusals of the library (`stelar:error`) and anything else the client
 * reports. A room the client could not join again after a reconnection is
 * gone from its rooms, and so from the page.
 *
 * @param {import('@stelar/client').StelarError} error
 */
function clientOnError(error) {
  if (QUIET_ERROR_CODES.has(error.code)) return;
  showNotice(error.code, error.message);

  const room = /** @type {{ room?: unknown } | undefined} */ (error.details)
    ?.room;
  if (typeof room !== 'string' || !state.rooms.has(room)) return;
  if (!client.getRooms().includes(room)) removeRoom(room);
}

function renderQueueSize() {
  const size = client.getQueueSize();
  ui.queueSize.hidden = size === 0;
  ui.queueSize.textContent = `${size} waiting to send`;
}

/** @param {unknown} error */
function showError(error) {
  if (isStelarError(error)) showNotice(error.code, error.message);
  else showNotice('ERROR', String(error));
}

// ----- events from the server ------------------------------------------------

/** @param {{ nick: string }} data */
function onNick(data) {
  ui.currentNick.textContent = data.nick;
  if (data.nick !== state.pendingNick) return;
  state.pendingNick = null;
  client.setUrl(wsUrl(data.nick));
}

/** @param {ChatEvent} data */
function onChat(data) {
  const room = state.rooms.get(data.room);
  if (room === undefined) return;
  if (data.fromId === client.getId()) settlePending(room, data.text);
  appendLine(room, chatLine(data));
  if (data.room !== state.current) markUnread(room);
}

/**
 * The demo's own refusals. A refused chat message that waited for the
 * connection is the oldest one still pending in its room: the client sends
 * its queue first and in order.
 *
 * @param {{ code?: string, message?: string, event?: string, room?: string }} data
 */
function onChatError(data) {
  showNotice(
    data?.code ?? 'ERROR',
    data?.message ?? 'The server refused that.',
  );
  const room = state.rooms.get(data?.room ?? '');
  if (data?.event === 'chat' && room !== undefined) {
    room.pending.shift()?.line.remove();
  }
}

/** @param {PresenceEvent} data */
function onPresence(data) {
  const room = state.rooms.get(data.room);
  if (room === undefined) return;
  appendLine(room, presenceLine(data));
  if (data.room === state.current) refreshWho(data.room);
}

/**
 * A file shared in a room: its line shows at once, its bytes follow as the
 * binary event `file:<id>`. The server sends those bytes to every page
 * (see its clientOnFile); a page keeps only the ones it was told about.
 *
 * @param {FileEvent} data
 */
function onFile(data) {
  const room = state.rooms.get(data.room);
  if (room === undefined) return;
  const line = fileLine(data);
  appendLine(room, line);
  if (data.room !== state.current) markUnread(room);
  state.incomingFiles.set(`file:${data.id}`, { data, line });
}

/**
 * @param {string} event
 * @param {unknown} bytes A Uint8Array for a binary event.
 */
function clientOnAnyEvent(event, bytes) {
  const incoming = state.incomingFiles.get(event);
  if (incoming === undefined || !(bytes instanceof Uint8Array)) return;
  state.incomingFiles.delete(event);

  const { data, line } = incoming;
  const room = state.rooms.get(data.room);
  if (room === undefined) return;
  const url = URL.createObjectURL(new Blob([bytes], { type: data.type }));
  room.objectUrls.push(url);
  showFile(line, data, url);
}

// ----- rooms -----------------------------------------------------------------

/**
 * Joins and resolves once the server confirms it. While reconnecting the
 * join waits in the client's queue.
 *
 * @param {string} room
 * @returns {Promise<void>}
 */
async function joinRoom(room) {
  if (state.rooms.has(room)) {
    selectRoom(room);
    return;
  }
  await client.joinRoom(room);
  addRoom(room);
}

/**
 * While not connected the client forgets the room at once, so the page
 * does too; the server confirms once the connection is back.
 *
 * @param {string} room
 */
async function leaveRoom(room) {
  const left = client.leaveRoom(room);
  if (!client.isConnected()) removeRoom(room);
  try {
    await left;
  } catch (error) {
    showError(error);
    return;
  }
  removeRoom(room);
}

/** @param {string} room */
function addRoom(room) {
  if (state.rooms.has(room)) return;

  const log = document.createElement('ol');
  log.className = 'log';
  log.dataset.testid = 'message-list';
  log.dataset.room = room;
  log.hidden = true;
  ui.messages.append(log);

  const item = roomItem(room);
  ui.roomList.append(item);
  const entry = { item, log, unread: 0, pending: [], objectUrls: [] };
  state.rooms.set(room, entry);
  appendLine(entry, systemLine(`You joined ${room}.`));
  selectRoom(room);
}

/** @param {string} room */
function roomItem(room) {
  const item = document.createElement('li');
  item.dataset.testid = 'room-item';
  item.dataset.room = room;

  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'room-open';
  open.dataset.testid = 'room-open';
  open.textContent = `# ${room}`;
  open.addEventListener('click', () => selectRoom(room));

  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.dataset.testid = 'room-unread';
  badge.hidden = true;
  open.append(badge);

  const leave = document.createElement('button');
  leave.type = 'button';
  leave.className = 'link';
  leave.dataset.testid = 'room-leave';
  leave.textContent = 'Leave';
  leave.addEventListener('click', () => leaveRoom(room));

  item.append(open, leave);
  return item;
}

/** @param {string} room */
function removeRoom(room) {
  const entry = state.rooms.get(room);
  if (entry === undefined) return;
  entry.item.remove();
  entry.log.remove();
  for (const url of entry.objectUrls) URL.revokeObjectURL(url);
  state.rooms.delete(room);
  if (state.current === room)
    selectRoom(state.rooms.keys().next().value ?? null);
  else updateRoomChrome();
}

/** @param {string | null} room */
function selectRoom(room) {
  state.current = room;
  for (const [name, entry] of state.rooms) {
    const selected = name === room;
    entry.log.hidden = !selected;
    entry.item.classList.toggle('selected', selected);
    if (selected) clearUnread(entry);
  }
  updateRoomChrome();
  updateComposer();
  if (room === null) renderWho(null, []);
  else refreshWho(room);
}

function updateRoomChrome() {
  const room = state.current;
  ui.currentRoom.textContent = room === null ? 'No room open' : `# ${room}`;
  ui.placeholder.hidden = room !== null;
  ui.roomEmpty.hidden = state.rooms.size > 0;
}

/** @param {Room} room */
function markUnread(room) {
  room.unread++;
  const badge = room.item.querySelector('.badge');
  badge.textContent = String(room.unread);
  badge.hidden = false;
}

/** @param {Room} room */
function clearUnread(room) {
  room.unread = 0;
  room.item.querySelector('.badge').hidden = true;
}

// ----- who is online ---------------------------------------------------------

/**
 * Asks only while connected: a `who` queued during an outage would answer
 * for a moment long gone, and the page asks again on connect.
 *
 * @param {string} room
 */
async function refreshWho(room) {
  if (!client.isConnected()) return;
  try {
    const reply =
      /** @type {{ room: string, members: { id: string, nick: string }[] }} */ (
        await client.request('who', room)
      );
    // A slow reply for a room the person has since left behind is stale.
    if (reply.room === state.current) renderWho(reply.room, reply.members);
  } catch (error) {
    if (isStelarError(error) && LOST_REQUEST_CODES.has(error.code)) return;
    showError(error);
  }
}

/**
 * @param {string | null} room
 * @param {{ id: string, nick: string }[]} members
 */
function renderWho(room, members) {
  ui.whoRoom.textContent = room === null ? '' : `in # ${room}`;
  ui.whoEmpty.hidden = room !== null;
  ui.whoList.replaceChildren(
    ...members.map((member) => {
      const item = document.createElement('li');
      item.dataset.testid = 'who-item';
      const nick = document.createElement('span');
      nick.dataset.testid = 'who-nick';
      nick.textContent = member.nick;
      item.append(nick);
      if (member.id === client.getId()) item.append(tag('you'));
      return item;
    }),
  );
}

// ----- the message log -------------------------------------------------------

/**
 * @param {Room} room
 * @param {HTMLLIElement} line
 */
function appendLine(room, line) {
  // Follow the conversation only when the reader is already at the bottom,
  // so scrolling back to read is not yanked away by a new message.
  const box = ui.messages;
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  room.log.append(line);
  if (atBottom) box.scrollTop = box.scrollHeight;
}

/**
 * @param {{ from: string, fromId: string, at: number }} data
 * @param {string} testId
 */
function messageLine(data, testId) {
  const line = document.createElement('li');
  line.className = data.fromId === client.getId() ? 'message mine' : 'message';
  line.dataset.testid = testId;

  const from = document.createElement('span');
  from.className = 'from';
  from.dataset.testid = 'message-from';
  from.textContent = data.from;

  line.append(from, timeOf(data.at));
  return line;
}

/** @param {ChatEvent} data */
function chatLine(data) {
  const line = messageLine(data, 'message');
  line.append(messageText(data.text));
  return line;
}

/** @param {string} text */
function messageText(text) {
  const paragraph = document.createElement('p');
  paragraph.className = 'text';
  paragraph.dataset.testid = 'message-text';
  paragraph.textContent = text;
  return paragraph;
}

/**
 * A message typed while not connected, shown until the server echoes it.
 *
 * @param {Room} room
 * @param {string} text
 */
function addPending(room, text) {
  const line = document.createElement('li');
  line.className = 'message mine pending';
  line.dataset.testid = 'message-pending';
  const status = document.createElement('span');
  status.className = 'from';
  status.textContent = 'Waiting for the connection…';
  line.append(status, messageText(text));
  room.pending.push({ text, line });
  appendLine(room, line);
}

/**
 * @param {Room} room
 * @param {string} text The text of an echo of this page's own message.
 */
function settlePending(room, text) {
  const index = room.pending.findIndex((pending) => pending.text === text);
  if (index === -1) return;
  room.pending[index].line.remove();
  room.pending.splice(index, 1);
}

/** @param {FileEvent} data */
function fileLine(data) {
  const line = messageLine(data, 'file-message');
  line.classList.add('file');
  line.dataset.fileId = data.id;

  const body = document.createElement('p');
  body.className = 'text';
  const link = document.createElement('a');
  link.dataset.testid = 'file-link';
  link.textContent = data.name;
  const size = document.createElement('span');
  size.className = 'muted';
  size.dataset.testid = 'file-size';
  size.textContent = ` · ${formatBytes(data.size)}`;
  const status = document.createElement('span');
  status.className = 'muted';
  status.dataset.testid = 'file-status';
  status.textContent = ' · receiving…';
  body.append(link, size, status);

  line.append(body);
  return line;
}

/**
 * @param {HTMLLIElement} line
 * @param {FileEvent} data
 * @param {string} url An object URL of the bytes.
 */
function showFile(line, data, url) {
  const link = line.querySelector('[data-testid="file-link"]');
  link.href = url;
  link.download = data.name;
  setFileStatus(line, '');
  if (!PREVIEW_TYPES.has(data.type)) return;

  const image = document.createElement('img');
  image.className = 'preview';
  image.dataset.testid = 'file-image';
  image.alt = data.name;
  image.src = url;
  line.append(image);
}

/**
 * @param {HTMLLIElement} line
 * @param {string} text
 */
function setFileStatus(line, text) {
  const status = line.querySelector('[data-testid="file-status"]');
  status.textContent = text === '' ? '' : ` · ${text}`;
}

/** @param {PresenceEvent} data */
function presenceLine(data) {
  const text =
    data.kind === 'renamed'
      ? `${data.previous} is now ${data.nick}.`
      : `${data.nick} ${data.kind === 'joined' ? 'joined' : 'left'}.`;
  const line = systemLine(text);
  line.dataset.testid = 'presence';
  line.append(timeOf(data.at));
  return line;
}

/** @param {string} text */
function systemLine(text) {
  const line = document.createElement('li');
  line.className = 'system';
  line.textContent = text;
  return line;
}

/** @param {number} at Milliseconds since the epoch. */
function timeOf(at) {
  const time = document.createElement('time');
  const date = new Date(at);
  time.dateTime = date.toISOString();
  time.textContent = date.toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
  return time;
}

/** @param {string} text */
function tag(text) {
  const span = document.createElement('span');
  span.className = 'tag';
  span.textContent = text;
  return span;
}

/** @param {number} bytes */
function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

// ----- forms -----------------------------------------------------------------

/** @param {SubmitEvent} event */
function nickFormOnSubmit(event) {
  event.preventDefault();
  const nick = ui.nickInput.value.trim();
  if (nick.length === 0) return;
  state.pendingNick = nick;
  client.emit('set-nick', nick);
}

/** @param {SubmitEvent} event */
function roomFormOnSubmit(event) {
  event.preventDefault();
  const room = ui.roomInput.value.trim();
  if (room.length === 0) return;
  joinRoom(room).then(() => {
    ui.roomInput.value = '';
  }, showError);
}

/**
 * Sends now when connected; otherwise the client queues the message, and
 * the page shows it as pending until the server echoes it.
 *
 * @param {SubmitEvent} event
 */
function messageFormOnSubmit(event) {
  event.preventDefault();
  const text = ui.messageInput.value;
  const room =
    state.current === null ? undefined : state.rooms.get(state.current);
  if (room === undefined || text.trim().length === 0) return;

  const queued = !client.isConnected();
  if (!client.emit('chat', { room: state.current, text })) {
    showNotice('NOT_SENT', 'The message was neither sent nor queued.');
    return;
  }
  if (queued) addPending(room, text);
  ui.messageInput.value = '';
  updateComposer();
}

function fileSendOnClick() {
  ui.fileInput.click();
}

/**
 * Shares the chosen file with the open room: a `file-meta` event naming
 * it, then its bytes as the binary event `file`. The server pairs the two,
 * so they must travel back to back: the file is read first, and both are
 * emitted in one go, onto the same connection or into the same queue.
 * (`client.sendFile` would read the file between the two.)
 */
async function fileInputOnChange() {
  const file = ui.fileInput.files?.[0];
  ui.fileInput.value = '';
  const room = state.current;
  if (file === undefined || room === null) return;
  if (file.size === 0) {
    showNotice('FILE_EMPTY', `The file "${file.name}" is empty.`);
    return;
  }
  if (file.size > MAX_FILE_BYTES) {
    showNotice(
      'FILE_TOO_LARGE',
      `A file may have at most ${formatBytes(MAX_FILE_BYTES)}; "${file.name}" has ${formatBytes(file.size)}.`,
    );
    return;
  }

  try {
    const bytes = await file.arrayBuffer();
    client.emit('file-meta', { room, name: file.name, type: file.type });
    client.emitBinary('file', bytes);
  } catch (error) {
    showError(error);
  }
}

function updateComposer() {
  const ready = state.current !== null;
  ui.messageInput.disabled = !ready;
  ui.messageSend.disabled = !ready;
  ui.fileSend.disabled = !ready;
  if (!ready) ui.messageInput.placeholder = 'Join a room to chat';
  else if (client.isConnected())
    ui.messageInput.placeholder = `Message # ${state.current}`;
  else
    ui.messageInput.placeholder = `Message # ${state.current} (sent once connected)`;
  const length = [...ui.messageInput.value].length;
  ui.messageCounter.textContent = `${length} / ${MAX_TEXT_CHARS}`;
}

// ----- notices ---------------------------------------------------------------

/**
 * @param {string} code
 * @param {string} text
 */
function showNotice(code, text) {
  ui.noticeCode.textContent = code;
  ui.noticeText.textContent = text;
  ui.notice.hidden = false;
  clearTimeout(state.noticeTimer);
  state.noticeTimer = setTimeout(hideNotice, NOTICE_VISIBLE_MS);
}

function hideNotice() {
  ui.notice.hidden = true;
}

// ----- health ----------------------------------------------------------------

async function pollHealth() {
  try {
    const response = await fetch(HEALTH_URL, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    renderHealth(await response.json());
  } catch (error) {
    ui.health.updated.textContent = `Health unavailable (${error.message}).`;
  }
}

/** @param {Record<string, any>} stats The health document. */
function renderHealth(stats) {
  const h = ui.health;
  h.activeConnections.textContent = String(stats.activeConnections);
  h.rooms.textContent = String(stats.totalRooms);
  h.received.textContent = stats.totalMessagesReceived.toLocaleString();
  h.sent.textContent = stats.totalMessagesSent.toLocaleString();
  h.uptime.textContent = formatDuration(stats.uptimeSeconds);
  h.memory.textContent = `${stats.memoryMB.toFixed(1)} MB`;
  h.updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
}

/** @param {number} seconds */
function formatDuration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

// ----- start -----------------------------------------------------------------

client.on('connect', clientOnConnect);
client.on('disconnect', clientOnDisconnect);
client.on('reconnecting', clientOnReconnecting);
client.on('error', clientOnError);
client.on('nick', onNick);
client.on('chat', onChat);
client.on('chat-error', onChatError);
client.on('presence', onPresence);
client.on('file', onFile);
client.onAll(clientOnAnyEvent);

ui.nickForm.addEventListener('submit', nickFormOnSubmit);
ui.roomForm.addEventListener('submit', roomFormOnSubmit);
ui.messageForm.addEventListener('submit', messageFormOnSubmit);
ui.messageInput.addEventListener('input', updateComposer);
ui.fileSend.addEventListener('click', fileSendOnClick);
ui.fileInput.addEventListener('change', fileInputOnChange);
ui.reconnect.addEventListener('click', () => client.connect());
ui.noticeClose.addEventListener('click', hideNotice);

client.connect();
pollHealth();
setInterval(pollHealth, HEALTH_POLL_MS);
