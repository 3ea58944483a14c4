/**
 * RoomWire protocol client (docs/protocol.md v1, docs/protocol.md). No DOM: the WebSocket
 * constructor, timers, clock and random source are injectable, so it runs against a fake socket in Node.
 *
 *            connect()                 hello                 close (retryable)
 *   idle ──────────────▶ connecting ───────────▶ open ───────────────────────▶ reconnecting
 *                          ▲   │ close (retryable)                                 │ timer (backoff)
 *                          │   └────────────────────────────────▶ reconnecting ────┘
 *                          └──────────────────────────────────────────────────────────┘
 *   any ── disconnect() / close 4001 (operator) / 1008 (flooding) ──▶ offline ── reconnectNow() ──▶ connecting
 *
 * On every `hello` the client rejoins each open room with `since` = the last seq it saw, replays
 * unacknowledged chat sends with their original `ref` once the room is joined (the server answers a
 * repeated ref with the original seq and does not broadcast it again), and never emits a seq twice.
 *
 * Events (client.on(type, fn)): state, hello, joined, missed, message, gap, danmaku, history,
 * history-failed, ack, send-failed, join-failed, left, presence, typing, notice, error, protocol-error,
 * refreshed.
 */
import { Emitter } from './emitter.js';
import { Backoff } from './backoff.js';
import { isRoomName, checkText, limits } from './validate.js';
import { RoomState, chatOnly } from './room-state.js';
import { Outbox } from './outbox.js';

export const SUBPROTOCOL = 'roomwire.v1';
const OPEN = 1;
/**
 * Close codes after which retrying automatically would be wrong: an operator (4001), the flood guard
 * (1008), or token mode's "not authenticated" (4003: the same token would fail again).
 */
export const NO_RETRY_CODES = new Set([4001, 1008, 4003]);
const JOIN_ERRORS = new Set(['invalid_room', 'too_many_rooms', 'room_full', 'server_full']);

export class RoomClient extends Emitter {
  /**
   * @param {object} o
   * @param {(identity: {name?: string, avatar?: string, session?: string}) => string} o.url builds the /ws URL
   * @param {Function} [o.WebSocket] constructor, default globalThis.WebSocket
   * @param {{setTimeout: Function, clearTimeout: Function}} [o.timers]
   * @param {() => number} [o.now] epoch ms
   * @param {() => number} [o.random] for backoff jitter
   * @param {object} [o.backoff] {base, factor, cap}
   * @param {() => (string|null)} [o.token] token mode: the signed token to send as `auth` once the
   *   socket opens (docs/protocol.md "Signed identities"); null or absent: a guest
   */
  constructor(o = {}) {
    super();
    this.urlFor = o.url;
    this.WebSocket = o.WebSocket ?? globalThis.WebSocket;
    this.timers = o.timers ?? { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) };
    this.now = o.now ?? (() => Date.now());
    this.backoff = new Backoff({ ...(o.backoff ?? {}), random: o.random ?? Math.random });
    this.identity = { name: o.name ?? '', avatar: o.avatar ?? '', session: o.session ?? '' };
    this.tokenFor = o.token ?? (() => null);
    /** Token mode: when the connection's token runs out (epoch ms, from hello / refreshed). */
    this.expires = null;
    this.typingIntervalMs = o.typingIntervalMs ?? 2000;
    /** A connection that lived this long resets the backoff; a quick close after hello keeps backing off. */
    this.stableMs = o.stableMs ?? 5000;
    this.refPrefix = o.refPrefix ?? randomId();
    this.refCounter = 0;

    this.state = 'idle';
    this.user = null;
    this.heartbeat = null;
    this.socket = null;
    this.helloAt = null;
    this.retryTimer = null;
    this.lastClose = null;
    /** name -> RoomState, in the order the rooms were opened. */
    this.rooms = new Map();
    /** Sends awaiting their ack, in order (so replays keep the user's order). */
    this.outbox = new Outbox();
    /** ref -> {kind, room} for join / history / typing / leave, to attribute errors. */
    this.requests = new Map();
  }

  // ---------------------------------------------------------------- connection

  connect() {
    if (this.socket) return;
    this.#clearRetry();
    this.userClosed = false;
    let ws;
    try {
      ws = new this.WebSocket(this.urlFor(this.#query()), SUBPROTOCOL);
    } catch (e) {
      this.emit('error', { code: 'connect_failed', message: String(e?.message ?? e), ref: null, room: null });
      this.#scheduleRetry({ code: 1006, reason: 'connect failed' });
      return;
    }
    this.socket = ws;
    this.#setState('connecting', { attempt: this.backoff.attempt });
    ws.onopen = () => {
      // Token mode: the token travels in the first message, not the URL, so it stays out of logs.
      const token = this.tokenFor();
      if (ws === this.socket && token) this.#transmit({ type: 'auth', token });
    };
    ws.onmessage = (ev) => { if (ws === this.socket) this.#onFrame(ev.data); };
    ws.onclose = (ev) => { if (ws === this.socket) this.#onClose(ev.code, ev.reason); };
    ws.onerror = () => {}; // a close event always follows
  }

  /** Closes on purpose: no reconnect until connect() or reconnectNow(). */
  disconnect() {
    this.userClosed = true;
    this.#clearRetry();
    const ws = this.#detach();
    if (ws) safeClose(ws, 1000, 'bye');
    this.#setState('offline', { code: 1000, reason: 'disconnected', retry: false });
  }

  /** Skips the backoff wait (e.g. the browser went online, or the user pressed "Reconnect"). */
  reconnectNow() {
    if (this.socket) return;
    this.#clearRetry();
    this.connect();
  }

  /** New display name / avatar: the server reads them at connect, so reconnect at once keeping `session`. */
  setIdentity({ name, avatar }) {
    if (name !== undefined) this.identity.name = name;
    if (avatar !== undefined) this.identity.avatar = avatar;
    if (this.socket) {
      const ws = this.#detach();
      safeClose(ws, 1000, 'renaming');
      this.connect();
    }
  }

  /** Token mode: hands the connection a fresh token before the current one expires. */
  refresh(token) {
    return this.#transmit({ type: 'refresh', token });
  }

  get session() {
    return this.identity.session;
  }

  get connected() {
    return this.state === 'open';
  }

  // ---------------------------------------------------------------- commands

  /** Opens a room (joined now, or on the next hello). False when invalid or already open. */
  join(room) {
    if (!isRoomName(room) || this.rooms.has(room)) return false;
    this.rooms.set(room, new RoomState(room));
    if (this.connected) this.#sendJoin(this.rooms.get(room));
    return true;
  }

  leave(room) {
    if (!this.rooms.has(room)) return false;
    this.rooms.delete(room);
    this.#dropPending(room, 'left');
    if (this.connected) this.#transmit({ type: 'leave', room, ref: this.#request('leave', room) });
    return true;
  }

  /**
   * Sends chat (default) or danmaku. Returns the ref, or null with no effect when the room is not open,
   * the text is empty or too long, or (danmaku) not connected. Chat is queued while disconnected and
   * replayed with the same ref after the rejoin.
   */
  send(room, text, { kind = 'chat', meta } = {}) {
    const state = this.rooms.get(room);
    if (!state || checkText(text, kind) !== null) return null;
    const live = this.connected && state.status === 'joined';
    if (kind === 'danmaku' && !live) return null; // live only: never worth replaying late
    const ref = this.#nextRef('m');
    // A message ends "is typing" for the others, so the next keystroke must announce it again at once.
    if (kind === 'chat') state.lastTypingAt = -Infinity;
    const entry = this.outbox.add({ ref, room, text, kind, meta, createdAt: this.now() });
    if (live) this.#transmitSend(entry);
    return ref;
  }

  /** Requests older messages: `before` = the oldest seq shown. Returns false when not possible now. */
  history(room, { before, limit = 50, purpose = 'older' } = {}) {
    const state = this.rooms.get(room);
    if (!state || !this.connected || state.status !== 'joined') return false;
    const lim = Math.max(1, Math.min(limits().historyPageMax, Math.floor(limit)));
    const ref = this.#request('history', room);
    state.historyQueue.push({ ref, purpose, before, limit: lim });
    const msg = { type: 'history', room, limit: lim, ref };
    if (before !== undefined && before !== null) msg.before = before;
    this.#transmit(msg);
    return true;
  }

  /** Tells the room we are typing, at most once per `typingIntervalMs`. Returns true when sent. */
  typing(room) {
    const state = this.rooms.get(room);
    if (!state || !this.connected || state.status !== 'joined') return false;
    const now = this.now();
    if (now - state.lastTypingAt < this.typingIntervalMs) return false;
    state.lastTypingAt = now;
    // Typing has no reply, so its ref is not remembered; an error for it is recognised by the tag.
    this.#transmit({ type: 'typing', room, ref: this.#nextRef('t') });
    return true;
  }

  /** The roster the client knows for a room (first N of a big one) and the exact count. */
  roster(room) {
    return this.rooms.get(room)?.roster() ?? { count: 0, members: [] };
  }

  lastSeq(room) {
    return this.rooms.get(room)?.lastSeq ?? 0;
  }

  /** Unacknowledged sends, oldest first (optionally for one room). */
  pendingSends(room) {
    return this.outbox.list(room);
  }

  // ---------------------------------------------------------------- inbound

  #onFrame(data) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      this.emit('protocol-error', { data });
      return;
    }
    if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') {
      this.emit('protocol-error', { data });
      return;
    }
    switch (msg.type) {
      case 'hello': return this.#onHello(msg);
      case 'refreshed':
        this.expires = typeof msg.expires === 'number' ? msg.expires : null;
        return this.emit('refreshed', { expires: this.expires });
      case 'joined': return this.#onJoined(msg);
      case 'message': return this.#onMessage(msg);
      case 'history': return this.#onHistory(msg);
      case 'ack': return this.#onAck(msg);
      case 'presence': return this.#onPresence(msg);
      case 'typing': return this.#onTyping(msg);
      case 'left': return this.#onLeft(msg);
      case 'notice': return this.emit('notice', { text: String(msg.text ?? ''), room: msg.room ?? null });
      case 'deleted': return this.emit('deleted', { room: msg.room, seq: msg.seq });
      case 'error': return this.#onError(msg);
      default: return undefined; // unknown types from a newer server are ignored
    }
  }

  #onHello(msg) {
    this.user = msg.user ?? null;
    if (typeof msg.session === 'string' && msg.session) this.identity.session = msg.session;
    this.heartbeat = msg.heartbeat ?? null;
    this.expires = typeof msg.expires === 'number' ? msg.expires : null;
    this.helloAt = this.now();
    this.#setState('open', {});
    this.emit('hello', { session: this.identity.session, user: this.user, heartbeat: this.heartbeat });
    for (const state of this.rooms.values()) this.#sendJoin(state);
  }

  #onJoined(msg) {
    const state = this.rooms.get(msg.room);
    if (!state) return; // left meanwhile; the server's `left` follows
    for (const [ref, r] of this.requests) if (r.kind === 'join' && r.room === msg.room) this.requests.delete(ref);
    state.setRoster(msg.members ?? [], msg.count ?? 0);
    const history = chatOnly(msg.history);
    const seq = typeof msg.seq === 'number' ? msg.seq : 0;
    const resumed = state.joinSince !== null;
    // Cluster mode: the room's epoch; sent back with `since`, so positions of a lost epoch are not "recovered".
    if (typeof msg.epoch === 'number') state.epoch = msg.epoch;
    const base = { room: msg.room, count: state.count, members: state.roster().members, seq };
    // A room whose latest seq is below what we saw was recreated (e.g. the server restarted):
    // its numbering starts over, so what we remember about it no longer applies.
    const renumbered = resumed && seq < state.lastSeq;
    if (resumed && (msg.recovered === false || renumbered)) {
      // The history no longer reaches back to `since`: start over from the latest messages.
      state.reset(history, seq);
      state.markJoined();
      this.emit('joined', { ...base, messages: history, resumed, recovered: false, reset: true });
      this.emit('missed', { ...base, messages: history, since: state.lastJoinSince, renumbered });
    } else {
      const fresh = state.acceptBatch(history);
      state.noteSeq(seq, history);
      state.markJoined();
      this.emit('joined', { ...base, messages: fresh, resumed, recovered: msg.recovered !== false || !resumed, reset: false });
    }
    this.emit('presence', { room: msg.room, event: 'snapshot', user: null, ...state.roster() });
    for (const p of this.outbox.unsent(msg.room)) this.#transmitSend(p);
  }

  #onMessage(msg) {
    const state = this.rooms.get(msg.room);
    if (!state) return;
    if (msg.kind === 'danmaku' || typeof msg.seq !== 'number') {
      this.emit('danmaku', { room: msg.room, message: msg });
      return;
    }
    const { fresh, gap } = state.acceptLive(msg.seq);
    if (!fresh) return; // never show one twice
    if (gap) {
      this.emit('gap', { room: msg.room, ...gap });
      this.history(msg.room, { before: msg.seq, limit: gap.to - gap.from + 1, purpose: 'gap' });
    }
    this.emit('message', { room: msg.room, message: msg, own: this.#isOwn(msg) });
  }

  #onHistory(msg) {
    const state = this.rooms.get(msg.room);
    if (!state) return;
    const req = state.historyQueue.shift() ?? { purpose: 'older', before: undefined, limit: 50 };
    if (req.ref) this.requests.delete(req.ref);
    const all = chatOnly(msg.messages);
    const fresh = state.acceptBatch(all);
    const oldest = all.length ? Math.min(...all.map((m) => m.seq)) : null;
    this.emit('history', {
      room: msg.room, messages: fresh, purpose: req.purpose, before: req.before,
      hasMore: oldest !== null && oldest > 1,
    });
  }

  #onAck(msg) {
    const p = this.outbox.take(msg.ref);
    if (!p) return;
    this.emit('ack', { ref: msg.ref, room: p.room, seq: msg.seq ?? null, kind: p.kind });
  }

  #onPresence(msg) {
    const state = this.rooms.get(msg.room);
    if (!state) return;
    state.applyPresence(msg);
    this.emit('presence', { room: msg.room, event: msg.event, user: msg.user ?? null, ...state.roster() });
  }

  #onTyping(msg) {
    if (!this.rooms.has(msg.room) || !msg.user || this.#isOwn({ from: msg.user })) return;
    this.emit('typing', { room: msg.room, user: msg.user });
  }

  #onLeft(msg) {
    for (const [ref, r] of this.requests) if (r.room === msg.room && r.kind === 'leave') this.requests.delete(ref);
    const had = this.rooms.delete(msg.room);
    this.#dropPending(msg.room, 'left');
    this.emit('left', { room: msg.room, reason: msg.reason ?? null, requested: !had });
  }

  #onError(msg) {
    const detail = { code: String(msg.code ?? 'error'), message: String(msg.message ?? ''), ref: msg.ref ?? null, room: null, context: null };
    const p = this.outbox.take(detail.ref);
    if (p) {
      this.emit('send-failed', { ...detail, room: p.room, context: 'send', text: p.text, kind: p.kind, meta: p.meta });
      return;
    }
    if (detail.ref !== null && String(detail.ref).startsWith(`${this.refPrefix}-t`)) {
      this.emit('error', { ...detail, context: 'typing' });
      return;
    }
    const r = detail.ref !== null ? this.requests.get(detail.ref) : undefined;
    if (r) {
      this.requests.delete(detail.ref);
      detail.room = r.room;
      detail.context = r.kind;
      const state = this.rooms.get(r.room);
      if (r.kind === 'join' && JOIN_ERRORS.has(detail.code) && state && state.status !== 'joined') {
        this.rooms.delete(r.room);
        this.#dropPending(r.room, detail.code);
        this.emit('join-failed', detail);
        return;
      }
      if (r.kind === 'history' && state) {
        const i = state.historyQueue.findIndex((q) => q.ref === detail.ref);
        const [req] = i >= 0 ? state.historyQueue.splice(i, 1) : [];
        this.emit('history-failed', { ...detail, purpose: req?.purpose ?? 'older' });
        return;
      }
    }
    this.emit('error', detail);
  }

  #onClose(code, reason) {
    this.#detach();
    this.lastClose = { code, reason };
    if (this.userClosed) {
      this.#setState('offline', { code, reason, retry: false });
    } else if (NO_RETRY_CODES.has(code)) {
      this.#setState('offline', { code, reason, retry: false });
    } else {
      this.#scheduleRetry({ code, reason });
    }
  }

  // ---------------------------------------------------------------- internals

  /** Forgets the current socket (its late events are ignored) and resets per-connection state. */
  #detach() {
    const ws = this.socket;
    this.socket = null;
    if (ws) {
      ws.onmessage = null;
      ws.onclose = null;
      ws.onerror = null;
    }
    if (this.helloAt !== null && this.now() - this.helloAt >= this.stableMs) this.backoff.reset();
    this.helloAt = null;
    for (const state of this.rooms.values()) {
      state.status = 'joining';
      state.lastTypingAt = -Infinity;
      for (const req of state.historyQueue) this.emit('history-failed', { room: state.name, code: 'disconnected', message: '', ref: req.ref, purpose: req.purpose });
      state.historyQueue = [];
    }
    this.requests.clear();
    this.outbox.disconnected(); // chat is replayed with the same ref after the rejoin
    return ws;
  }

  #scheduleRetry({ code, reason }) {
    const delay = this.backoff.next();
    const retryAt = this.now() + delay;
    this.#setState('reconnecting', { code, reason, delay, retryAt, attempt: this.backoff.attempt, retry: true });
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  #clearRetry() {
    if (this.retryTimer !== null) {
      this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  #setState(state, extra) {
    this.state = state;
    this.emit('state', { state, ...extra });
  }

  #sendJoin(state) {
    const since = state.everJoined ? state.lastSeq : null;
    state.status = 'joining';
    state.joinSince = since;
    const msg = { type: 'join', room: state.name, ref: this.#request('join', state.name) };
    if (since !== null) msg.since = since;
    if (since !== null && state.epoch != null) msg.epoch = state.epoch;
    this.#transmit(msg);
  }

  #transmitSend(p) {
    const msg = { type: 'send', room: p.room, text: p.text, ref: p.ref };
    if (p.kind && p.kind !== 'chat') msg.kind = p.kind;
    if (p.meta) msg.meta = p.meta;
    if (this.#transmit(msg)) p.sent = true;
  }

  #dropPending(room, reason) {
    for (const p of this.outbox.dropRoom(room)) {
      this.emit('send-failed', { code: reason, message: '', ref: p.ref, room, context: 'send', text: p.text, kind: p.kind, meta: p.meta });
    }
  }

  #request(kind, room) {
    const ref = this.#nextRef(kind[0]);
    this.requests.set(ref, { kind, room });
    return ref;
  }

  /** Refs are unique per page load (random prefix), since a resumed session keeps the server's dedup window. */
  #nextRef(tag) {
    this.refCounter += 1;
    return `${this.refPrefix}-${tag}${this.refCounter}`;
  }

  #transmit(obj) {
    const ws = this.socket;
    if (!ws || ws.readyState !== OPEN) return false;
    try {
      ws.send(JSON.stringify(obj));
      return true;
    } catch {
      return false;
    }
  }

  #query() {
    const q = {};
    if (this.identity.name) q.name = this.identity.name;
    if (this.identity.avatar) q.avatar = this.identity.avatar;
    if (this.identity.session) q.session = this.identity.session;
    return q;
  }

  #isOwn(msg) {
    return Boolean(this.user && msg.from && msg.from.id === this.user.id);
  }
}

function safeClose(ws, code, reason) {
  try {
    ws.close(code, reason);
  } catch {
    // already closing
  }
}

function randomId() {
  const c = globalThis.crypto;
  if (c && typeof c.getRandomValues === 'function') {
    const b = new Uint8Array(6);
    c.getRandomValues(b);
    return Array.from(b, (x) => x.toString(36).padStart(2, '0')).join('');
  }
  return Math.random().toString(36).slice(2, 12);
}

/** The browser's /ws URL on this page's origin. */
export function defaultUrl(location) {
  return (query) => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const qs = new URLSearchParams(query).toString();
    return `${scheme}://${location.host}/ws${qs ? `?${qs}` : ''}`;
  };
}
