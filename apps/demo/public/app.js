// The chat page. It speaks the stelar wire protocol (spec/PROTOCOL.md)
// straight over the browser's WebSocket, one JSON object per text frame, to
// show what a client library will later hide. Every piece of user text
// reaches the page through textContent, never as HTML.

const WS_URL = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const HEALTH_URL = '/health';
const HEALTH_POLL_MS = 2000;
const REQUEST_TIMEOUT_MS = 5000;
const JOIN_TIMEOUT_MS = 5000;
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 10000;
const NOTICE_VISIBLE_MS = 8000;
const MAX_TEXT_CHARS = 2000;

/** @param {string} testId */
function byTestId(testId) {
  const element = document.querySelector(`[data-testid="${testId}"]`);
  if (element === null) throw new Error(`the page lacks ${testId}`);
  return element;
}

const ui = {
  status: byTestId('connection-status'),
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
 */

/**
 * @typedef {object} Pending A request or a join waiting for its answer.
 * @property {(value?: any) => void} resolve
 * @property {(error: Error) => void} reject
 * @property {number} timer
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
 * @typedef {object} PresenceEvent
 * @property {string} room
 * @property {'joined' | 'left' | 'renamed'} kind
 * @property {string} nick
 * @property {string} [previous] The old nickname, for `renamed`.
 * @property {number} at
 */

const state = {
  /** @type {WebSocket | null} */
  socket: null,
  /** @type {string | null} Set by the welcome; null until then. */
  clientId: null,
  /** The nickname the person chose, sent again after a reconnect. */
  chosenNick: /** @type {string | null} */ (null),
  pendingNick: /** @type {string | null} */ (null),
  /** @type {Map<string, Room>} Rooms joined, by name. */
  rooms: new Map(),
  /** @type {string | null} */
  current: null,
  reconnectAttempt: 0,
  nextRequestId: 1,
  /** @type {Map<string, Pending>} Requests, by correlation id. */
  requests: new Map(),
  /** @type {Map<string, Pending>} Joins awaiting `joined-room`, by room. */
  joins: new Map(),
  noticeTimer: 0,
};

// ----- the connection --------------------------------------------------------

function connect() {
  setStatus('connecting', 'Connecting…');
  const socket = new WebSocket(WS_URL);
  state.socket = socket;
  socket.addEventListener('message', socketOnMessage);
  socket.addEventListener('close', socketOnClose);
}

/** @param {MessageEvent} event */
function socketOnMessage(event) {
  const message = parseMessage(event.data);
  if (message === null) return;

  if (message._isAck === true && typeof message._correlationId === 'string') {
    settleRequest(message);
    return;
  }
  const handler = EVENT_HANDLERS[message.event];
  handler?.(message.data);
}

/** @param {CloseEvent} event */
function socketOnClose(event) {
  state.socket = null;
  state.clientId = null;
  failPending(new Error('the connection closed'));

  // The server restarting (1001) is exactly when to come back; a refusal
  // of this client (1008) would only be refused again.
  if (event.code === 1008) {
    const reason = event.reason === '' ? 'refused' : event.reason;
    setStatus('disconnected', `Disconnected: ${reason}`);
    return;
  }
  const delay = reconnectDelay(state.reconnectAttempt++);
  setStatus('reconnecting', `Reconnecting in ${Math.ceil(delay / 1000)} s…`);
  setTimeout(connect, delay);
}

/**
 * Exponential backoff with full jitter, so that many pages dropped by one
 * restart do not all come back in the same instant.
 *
 * @param {number} attempt
 */
function reconnectDelay(attempt) {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempt);
  return RECONNECT_BASE_MS + Math.random() * ceiling;
}

/** @param {unknown} raw */
function parseMessage(raw) {
  if (typeof raw !== 'string') return null;
  try {
    const message = JSON.parse(raw);
    return typeof message === 'object' &&
      message !== null &&
      typeof message.event === 'string'
      ? message
      : null;
  } catch {
    return null;
  }
}

/**
 * @param {string} event
 * @param {unknown} [data]
 * @param {Record<string, unknown>} [extra] Request fields.
 */
function send(event, data, extra = {}) {
  if (state.socket === null || state.clientId === null) {
    showNotice(
      'OFFLINE',
      'Not connected to the server; try again in a moment.',
    );
    return false;
  }
  state.socket.send(JSON.stringify({ event, data, ...extra }));
  return true;
}

/**
 * Sends a request and resolves with the reply's data; a failed reply
 * rejects with its code, as the protocol's `error` field gives it.
 *
 * @param {string} event Also the ack name.
 * @param {unknown} data
 * @returns {Promise<unknown>}
 */
function request(event, data) {
  const correlationId = `r${state.nextRequestId++}`;
  return new Promise((resolve, reject) => {
    const sent = send(event, data, {
      _ackName: event,
      _correlationId: correlationId,
    });
    if (!sent) {
      reject(new Error('not connected'));
      return;
    }
    const timer = setTimeout(() => {
      state.requests.delete(correlationId);
      reject(new Error(`no reply to ${event} within ${REQUEST_TIMEOUT_MS} ms`));
    }, REQUEST_TIMEOUT_MS);
    state.requests.set(correlationId, { resolve, reject, timer });
  });
}

/** @param {any} message A reply: `_isAck` with a correlation id. */
function settleRequest(message) {
  const pending = state.requests.get(message._correlationId);
  if (pending === undefined) return;
  state.requests.delete(message._correlationId);
  clearTimeout(pending.timer);

  if (message.error === undefined) {
    pending.resolve(message.data);
    return;
  }
  const error = new Error(message.error.message);
  error.name = message.error.code;
  pending.reject(error);
}

/** @param {Error} error */
function failPending(error) {
  for (const pending of [...state.requests.values(), ...state.joins.values()]) {
    clearTimeout(pending.timer);
    pending.reject(error);
  }
  state.requests.clear();
  state.joins.clear();
}

// ----- events from the server ------------------------------------------------

/** @type {Record<string, (data: any) => void>} */
const EVENT_HANDLERS = {
  'stelar:welcome': onWelcome,
  'stelar:error': onRefusal,
  'chat-error': onRefusal,
  error: onRefusal,
  'joined-room': onJoinedRoom,
  'left-room': onLeftRoom,
  nick: onNick,
  chat: onChat,
  presence: onPresence,
};

/**
 * The connection counts as established only now, not when the socket
 * opened: the server may still refuse it before this.
 *
 * @param {{ id: string }} data
 */
function onWelcome(data) {
  state.clientId = data.id;
  state.reconnectAttempt = 0;
  setStatus('connected', 'Connected');
  updateComposer();
  // This connection is one of the figures; show them with it counted.
  pollHealth();

  if (state.chosenNick !== null) sendNick(state.chosenNick);
  for (const room of state.rooms.keys()) send('join-room', room);
}

/** @param {{ code?: string, message?: string, room?: string }} data */
function onRefusal(data) {
  showNotice(
    data?.code ?? 'ERROR',
    data?.message ?? 'The server refused that.',
  );
  if (typeof data?.room !== 'string') return;

  const join = state.joins.get(data.room);
  if (join === undefined) return;
  state.joins.delete(data.room);
  clearTimeout(join.timer);
  join.reject(new Error(data.message ?? 'join refused'));
}

/** @param {string} room */
function onJoinedRoom(room) {
  // After a reconnect the room is already listed; only its members changed.
  if (state.rooms.has(room)) {
    if (room === state.current) refreshWho(room);
  } else {
    addRoom(room);
  }
  const join = state.joins.get(room);
  if (join === undefined) return;
  state.joins.delete(room);
  clearTimeout(join.timer);
  join.resolve();
}

/** @param {string} room */
function onLeftRoom(room) {
  removeRoom(room);
}

/** @param {{ nick: string }} data */
function onNick(data) {
  ui.currentNick.textContent = data.nick;
  if (data.nick !== state.pendingNick) return;
  state.chosenNick = data.nick;
  state.pendingNick = null;
}

/** @param {ChatEvent} data */
function onChat(data) {
  const room = state.rooms.get(data.room);
  if (room === undefined) return;
  appendLine(room, chatLine(data));
  if (data.room !== state.current) markUnread(room);
}

/** @param {PresenceEvent} data */
function onPresence(data) {
  const room = state.rooms.get(data.room);
  if (room === undefined) return;
  appendLine(room, presenceLine(data));
  if (data.room === state.current) refreshWho(data.room);
}

// ----- rooms -----------------------------------------------------------------

/**
 * Asks to join and resolves once `joined-room` confirms it; a refusal for
 * that room rejects.
 *
 * @param {string} room
 * @returns {Promise<void>}
 */
function joinRoom(room) {
  if (state.rooms.has(room)) {
    selectRoom(room);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    if (!send('join-room', room)) {
      reject(new Error('not connected'));
      return;
    }
    const timer = setTimeout(() => {
      state.joins.delete(room);
      reject(new Error(`no answer to joining ${room}`));
    }, JOIN_TIMEOUT_MS);
    state.joins.set(room, { resolve, reject, timer });
  });
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
  state.rooms.set(room, { item, log, unread: 0 });
  appendLine(state.rooms.get(room), systemLine(`You joined ${room}.`));
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
  leave.addEventListener('click', () => send('leave-room', room));

  item.append(open, leave);
  return item;
}

/** @param {string} room */
function removeRoom(room) {
  const entry = state.rooms.get(room);
  if (entry === undefined) return;
  entry.item.remove();
  entry.log.remove();
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

/** @param {string} room */
async function refreshWho(room) {
  try {
    const reply =
      /** @type {{ room: string, members: { id: string, nick: string }[] }} */ (
        await request('who', room)
      );
    // A slow reply for a room the person has since left behind is stale.
    if (reply.room === state.current) renderWho(reply.room, reply.members);
  } catch (error) {
    if (state.socket !== null) showNotice(error.name, error.message);
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
      if (member.id === state.clientId) item.append(tag('you'));
      return item;
    }),
  );
}

// ----- the message log -------------------------------------------------------

/**
 * @param {Room | undefined} room
 * @param {HTMLLIElement} line
 */
function appendLine(room, line) {
  if (room === undefined) return;
  // Follow the conversation only when the reader is already at the bottom,
  // so scrolling back to read is not yanked away by a new message.
  const box = ui.messages;
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  room.log.append(line);
  if (atBottom) box.scrollTop = box.scrollHeight;
}

/** @param {ChatEvent} data */
function chatLine(data) {
  const line = document.createElement('li');
  line.className = data.fromId === state.clientId ? 'message mine' : 'message';
  line.dataset.testid = 'message';

  const from = document.createElement('span');
  from.className = 'from';
  from.dataset.testid = 'message-from';
  from.textContent = data.from;

  const text = document.createElement('p');
  text.className = 'text';
  text.dataset.testid = 'message-text';
  text.textContent = data.text;

  line.append(from, timeOf(data.at), text);
  return line;
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

// ----- forms -----------------------------------------------------------------

/** @param {string} nick */
function sendNick(nick) {
  state.pendingNick = nick;
  send('set-nick', nick);
}

/** @param {SubmitEvent} event */
function nickFormOnSubmit(event) {
  event.preventDefault();
  const nick = ui.nickInput.value.trim();
  if (nick.length > 0) sendNick(nick);
}

/** @param {SubmitEvent} event */
function roomFormOnSubmit(event) {
  event.preventDefault();
  const room = ui.roomInput.value.trim();
  if (room.length === 0) return;
  joinRoom(room).then(
    () => {
      ui.roomInput.value = '';
    },
    () => {
      // The refusal itself is already on screen (onRefusal).
    },
  );
}

/** @param {SubmitEvent} event */
function messageFormOnSubmit(event) {
  event.preventDefault();
  const text = ui.messageInput.value;
  if (state.current === null || text.trim().length === 0) return;
  if (send('chat', { room: state.current, text })) {
    ui.messageInput.value = '';
    updateComposer();
  }
}

function updateComposer() {
  const ready = state.current !== null && state.clientId !== null;
  ui.messageInput.disabled = !ready;
  ui.messageSend.disabled = !ready;
  ui.messageInput.placeholder = ready
    ? `Message # ${state.current}`
    : 'Join a room to chat';
  const length = [...ui.messageInput.value].length;
  ui.messageCounter.textContent = `${length} / ${MAX_TEXT_CHARS}`;
}

// ----- status and notices ----------------------------------------------------

/**
 * @param {'connecting' | 'connected' | 'reconnecting' | 'disconnected'} name
 * @param {string} text
 */
function setStatus(name, text) {
  ui.status.dataset.state = name;
  ui.status.textContent = text;
  if (name !== 'connected') updateComposer();
}

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

ui.nickForm.addEventListener('submit', nickFormOnSubmit);
ui.roomForm.addEventListener('submit', roomFormOnSubmit);
ui.messageForm.addEventListener('submit', messageFormOnSubmit);
ui.messageInput.addEventListener('input', updateComposer);
ui.noticeClose.addEventListener('click', hideNotice);

connect();
pollHealth();
setInterval(pollHealth, HEALTH_POLL_MS);
