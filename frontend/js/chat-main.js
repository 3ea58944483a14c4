/** Wires the protocol client to the views. Application state: the open rooms and the active one. */
import { RoomClient, defaultUrl } from './client.js';
import { prefs } from './storage.js';
import { byId } from './dom.js';
import { isRoomName, limits } from './validate.js';
import { loadClientConfig } from './client-config.js';
import { describeError } from './message-item.js';
import { StatusView } from './status-view.js';
import { RoomsView } from './chat-rooms-view.js';
import { RoomView } from './room-view.js';
import { PresenceView } from './presence-view.js';
import { DanmakuView } from './danmaku-view.js';
import { NameDialog } from './name-dialog.js';
import { Announcer } from './announcer.js';
import { takeToken, keepToken, tokenFromMessage } from './token.js';

const LEFT_REASONS = {
  kicked: 'You were removed from this room.',
  closed: 'An operator closed this room.',
};

// Token mode: a signed token from the embedding site signs the user in; no name to pick.
let token = takeToken();
const client = new RoomClient({
  url: defaultUrl(location),
  name: prefs.name,
  avatar: prefs.avatar,
  session: prefs.session,
  token: () => token,
});
const selfId = () => client.user?.id ?? null;

const open = []; // room names, in tab order
let active = null;
let hiddenUnread = 0; // messages that arrived in the active room while the tab was hidden

const announcer = new Announcer();
const status = new StatusView({ onReconnect: () => client.reconnectNow() });
const nameDialog = new NameDialog();
const presence = new PresenceView({ selfId });
const danmaku = new DanmakuView({
  onSend: (room, text, meta) => client.send(room, text, { kind: 'danmaku', meta }),
  store: { get: () => prefs.danmaku, set: (v) => { prefs.danmaku = v; } },
});
const roomView = new RoomView({
  onSend: (room, text) => client.send(room, text),
  onLoadOlder: (room, before) => client.history(room, { before, limit: 50 }),
  onTyping: (room) => client.typing(room),
  onRejoin: (room) => rejoin(room),
  isOwn: (m) => Boolean(m.from && m.from.id === selfId()),
});
const roomsView = new RoomsView({
  onOpen: (room) => openRoom(room),
  onSelect: (room) => activate(room),
  onLeave: (room) => closeRoom(room),
});

// ------------------------------------------------------------------ rooms

function openRoom(name, { focus = true } = {}) {
  if (!isRoomName(name)) return;
  if (!open.includes(name) && open.length >= limits().maxRoomsPerConnection) {
    // The server would refuse the join (too_many_rooms): say so where the room was asked for.
    roomsView.showFormError(`You can have at most ${limits().maxRoomsPerConnection} rooms open: leave one first.`);
    return;
  }
  if (!open.includes(name)) {
    open.push(name);
    roomView.ensureRoom(name);
    roomsView.addOpen(name);
    client.join(name);
    saveRooms();
  }
  activate(name, { focus });
}

function rejoin(name) {
  roomView.setBanner(name, null);
  roomsView.setState(name, 'joining');
  client.join(name);
}

function closeRoom(name) {
  const i = open.indexOf(name);
  if (i < 0) return;
  open.splice(i, 1);
  client.leave(name);
  roomsView.removeOpen(name);
  roomView.removeRoom(name);
  presence.removeRoom(name);
  danmaku.removeRoom(name);
  saveRooms();
  if (active === name) activate(open[Math.min(i, open.length - 1)] ?? null);
  if (!active) byId('room-name-input').focus(); // the leave button that had focus is gone
  updateTitle();
}

function activate(name, { focus = true } = {}) {
  active = name;
  roomsView.setActive(name);
  roomView.setActive(name);
  presence.setRoom(name, name ? client.roster(name) : null);
  danmaku.setRoom(name);
  prefs.active = name ?? '';
  document.body.classList.remove('nav-open');
  byId('nav-toggle').setAttribute('aria-expanded', 'false');
  updateTitle();
  if (focus && name) roomView.focusComposer();
}

function saveRooms() {
  prefs.rooms = [...open];
}

function updateTitle() {
  const n = roomsView.totalUnread() + hiddenUnread;
  document.title = `${n ? `(${n}) ` : ''}${active ? `#${active} · ` : ''}RoomWire`;
}

// ------------------------------------------------------------------ client events

client.on('state', (s) => {
  status.update(s);
  roomView.setConnected(s.state === 'open');
  if (s.state !== 'open') for (const r of open) roomsView.setState(r, roomView.rooms.get(r)?.banner ? 'left' : 'joining');
});

client.on('hello', ({ session, user }) => {
  prefs.session = session;
  renderIdentity(user);
});

client.on('joined', (d) => {
  roomView.joined(d.room, d);
  roomsView.setState(d.room, 'joined');
  if (!d.resumed) roomsView.refresh(); // a new room (or one more member) shows up in the live list
  if (d.resumed && !d.reset && d.room !== active) {
    // Messages replayed after a reconnect count as unread in background rooms.
    const n = d.messages.filter((m) => m.from?.id !== selfId()).length;
    if (n) {
      roomsView.bumpUnread(d.room, n);
      updateTitle();
    }
  }
});

client.on('missed', ({ room, renumbered }) => {
  roomView.addNotice(room, renumbered
    ? 'This room was restarted on the server: showing its messages since then.'
    : 'Some messages were missed while you were disconnected. Showing the latest ones.', 'missed');
  if (room === active) announcer.say(`Some messages in ${room} were missed.`);
});

client.on('message', ({ room, message, own }) => {
  roomView.addMessage(room, message, own);
  if (message.from?.id) presence.stoppedTyping(room, message.from.id);
  if (own) return;
  if (room !== active) {
    roomsView.bumpUnread(room);
  } else {
    announcer.message(room, message);
    if (document.hidden) hiddenUnread += 1;
  }
  updateTitle();
});

client.on('history', (d) => roomView.addHistory(d.room, d));
client.on('deleted', ({ room, seq }) => roomView.markDeleted(room, seq));
client.on('history-failed', ({ room }) => roomView.historyFailed(room));
client.on('ack', ({ room, ref, kind }) => { if (kind !== 'danmaku') roomView.ack(room, ref); });
client.on('danmaku', ({ room, message }) => danmaku.receive(room, message));
client.on('presence', (d) => presence.update(d.room, d));
client.on('typing', ({ room, user }) => presence.typing(room, user));

client.on('send-failed', (d) => {
  if (d.kind === 'danmaku') danmaku.sendFailed(d);
  else roomView.sendFailed(d.room, d);
});

client.on('join-failed', ({ room, code, message }) => {
  const text = `Could not join: ${describeError(code).toLowerCase()}.`;
  roomView.addError(room, { code, message });
  roomView.setBanner(room, text);
  roomsView.setState(room, 'left');
  if (room === active) announcer.say(text);
});

client.on('left', ({ room, reason, requested }) => {
  if (requested || !open.includes(room)) return;
  const text = LEFT_REASONS[reason] ?? 'You are no longer in this room.';
  roomView.addNotice(room, text, 'left');
  roomView.setBanner(room, text);
  roomsView.setState(room, 'left');
  if (room === active) announcer.say(text);
});

client.on('notice', ({ text, room }) => {
  const targets = room && open.includes(room) ? [room] : open;
  for (const r of targets) roomView.addNotice(r, text, 'server');
  announcer.say(`Notice: ${text}`);
});

client.on('error', (d) => {
  if (d.context === 'typing' || d.context === 'leave') return;
  const room = d.room && open.includes(d.room) ? d.room : active;
  if (room) roomView.addError(room, d);
});

// ------------------------------------------------------------------ identity

function renderIdentity(user) {
  const name = user?.name || prefs.name || 'guest';
  byId('name-text').textContent = name;
  byId('name-display').setAttribute('aria-label', token ? `Signed in as ${name}` : `Your name: ${name}. Change name`);
  byId('name-display').disabled = Boolean(token);
  const avatar = byId('self-avatar');
  avatar.textContent = user?.avatar && !/^https?:/i.test(user.avatar) ? user.avatar : '';
  avatar.hidden = !avatar.textContent;
}

async function askName(first) {
  const result = await nameDialog.ask({ name: prefs.name || client.user?.name || '', avatar: prefs.avatar, first });
  if (result) {
    prefs.name = result.name;
    prefs.avatar = result.avatar;
    prefs.guest = false;
    renderIdentity({ name: result.name, avatar: result.avatar });
    client.setIdentity({ name: result.name, avatar: result.avatar }); // reconnects when connected
  }
  else if (first) prefs.guest = true; // "Continue as guest": the server picks a guest-XXXX name
  if (first) client.connect();
  roomView.focusComposer();
}

byId('name-display').addEventListener('click', () => { if (!token) askName(false); });

// The embedding site (the window that framed or opened this page) hands over a fresh token before
// the current one expires.
window.addEventListener('message', (e) => {
  if (e.source === window || (e.source !== window.parent && e.source !== window.opener)) return;
  const fresh = tokenFromMessage(e.data);
  if (!fresh) return;
  token = fresh;
  keepToken(fresh);
  if (client.connected) client.refresh(fresh);
  else client.reconnectNow();
});

// ------------------------------------------------------------------ page chrome

byId('nav-toggle').addEventListener('click', () => {
  const openNav = !document.body.classList.contains('nav-open');
  document.body.classList.toggle('nav-open', openNav);
  byId('nav-toggle').setAttribute('aria-expanded', String(openNav));
  if (openNav) byId('room-name-input').focus();
});

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && document.body.classList.contains('nav-open')) {
    document.body.classList.remove('nav-open');
    byId('nav-toggle').setAttribute('aria-expanded', 'false');
    byId('nav-toggle').focus();
  }
});

window.addEventListener('online', () => {
  status.setNetwork(true);
  client.reconnectNow();
});
window.addEventListener('offline', () => status.setNetwork(false));
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && hiddenUnread) {
    hiddenUnread = 0;
    updateTitle();
  }
});
window.addEventListener('pagehide', () => client.disconnect());
window.addEventListener('pageshow', (e) => { if (e.persisted) client.reconnectNow(); });

// ------------------------------------------------------------------ start

const config = loadClientConfig(); // not awaited: validate.js holds the defaults until it answers
renderIdentity(null);
for (const r of prefs.rooms) if (isRoomName(r)) openRoom(r, { focus: false });
const last = prefs.active;
activate(open.includes(last) ? last : (open[0] ?? null), { focus: false });
if (!navigator.onLine) status.setNetwork(false);
roomsView.start();
if (token || prefs.name || prefs.guest) client.connect();
else {
  // A first visit: a guest picks a name, unless this server signs everyone in (token mode).
  config.then((limits) => {
    if (limits.auth === 'token') status.signInRequired();
    else askName(true);
  });
}

// Only with ?debug in the URL: handles for the console (the page itself keeps nothing global).
if (new URLSearchParams(location.search).has('debug')) globalThis.roomwire = { client, roomView, danmaku };
