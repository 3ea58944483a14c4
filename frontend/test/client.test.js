import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RoomClient, SUBPROTOCOL, defaultUrl } from '../js/client.js';
import { applyLimits } from '../js/validate.js';

// ------------------------------------------------------------------ fakes (kept in this file: node --test runs every .js under test/)

class FakeWebSocket {
  static instances = [];

  static reset() {
    FakeWebSocket.instances = [];
  }

  static get last() {
    return FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  }

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.readyState = 0; // CONNECTING
    this.sent = [];
    this.closedWith = null;
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
    FakeWebSocket.instances.push(this);
  }

  get params() {
    return Object.fromEntries(new URL(this.url).searchParams);
  }

  /** Frames the client sent, parsed. */
  get frames() {
    return this.sent.map((s) => JSON.parse(s));
  }

  framesOf(type) {
    return this.frames.filter((f) => f.type === type);
  }

  send(data) {
    if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
    this.sent.push(data);
  }

  close(code = 1000, reason = '') {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  // ---- server side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(obj) {
    this.onmessage?.({ data: typeof obj === 'string' ? obj : JSON.stringify(obj) });
  }

  /** Opens and sends `hello`. */
  accept(user = { id: 'u1', name: 'alice' }, session = 'tok-1') {
    this.open();
    this.receive({ type: 'hello', session, user, heartbeat: 25 });
  }

  serverClose(code = 1006, reason = '') {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code, reason, wasClean: code !== 1006 });
  }
}

/** Manual clock + timers: advance(ms) runs due callbacks in time order. */
class FakeTimers {
  constructor(start = 1_000_000) {
    this.time = start;
    this.queue = [];
    this.nextId = 1;
    this.now = () => this.time;
    this.setTimeout = (fn, ms) => {
      const id = this.nextId++;
      this.queue.push({ id, at: this.time + Math.max(0, ms), fn });
      return id;
    };
    this.clearTimeout = (id) => {
      this.queue = this.queue.filter((t) => t.id !== id);
    };
  }

  get pending() {
    return this.queue.length;
  }

  /** ms until the next timer, or null. */
  get nextDelay() {
    if (this.queue.length === 0) return null;
    return Math.min(...this.queue.map((t) => t.at)) - this.time;
  }

  advance(ms) {
    const end = this.time + ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}

// ------------------------------------------------------------------ harness

const ALICE = { id: 'u1', name: 'alice' };
const BOB = { id: 'u2', name: 'bob' };

function msg(room, seq, text = `m${seq}`, from = BOB) {
  return { type: 'message', room, seq, kind: 'chat', text, from, ts: 1_700_000_000_000 + seq };
}

function setup({ random = () => 1, ...options } = {}) {
  FakeWebSocket.reset();
  const timers = new FakeTimers();
  const client = new RoomClient({
    url: defaultUrl({ protocol: 'http:', host: 'chat.test' }),
    WebSocket: FakeWebSocket,
    timers,
    now: timers.now,
    random,
    refPrefix: 'p',
    name: 'alice',
    ...options,
  });
  const events = [];
  for (const type of ['state', 'hello', 'joined', 'missed', 'message', 'gap', 'danmaku', 'history', 'history-failed',
    'ack', 'send-failed', 'join-failed', 'left', 'presence', 'typing', 'notice', 'error', 'protocol-error']) {
    client.on(type, (detail) => events.push({ type, ...detail }));
  }
  const of = (type) => events.filter((e) => e.type === type);
  return { client, timers, events, of };
}

/** Connects, says hello and joins `room` with the given history. Returns the socket. */
function joinedRoom(h, room = 'lobby', history = [], seq = history.length ? history[history.length - 1].seq : 0) {
  h.client.connect();
  const ws = FakeWebSocket.last;
  ws.accept(ALICE, 'tok-1');
  h.client.join(room);
  ws.receive({ type: 'joined', room, seq, count: 2, members: [ALICE, BOB], history, recovered: false });
  return ws;
}

// ------------------------------------------------------------------ connecting

test('connect offers roomwire.v1 on the /ws URL with the name and goes open on hello', () => {
  const h = setup({ avatar: '🐱' });
  h.client.connect();
  const ws = FakeWebSocket.last;
  assert.equal(ws.protocols, SUBPROTOCOL);
  assert.equal(new URL(ws.url).origin, 'ws://chat.test');
  assert.equal(new URL(ws.url).pathname, '/ws');
  assert.deepEqual(ws.params, { name: 'alice', avatar: '🐱' });
  assert.equal(h.client.state, 'connecting');
  ws.accept(ALICE, 'secret-session');
  assert.equal(h.client.state, 'open');
  assert.equal(h.client.session, 'secret-session');
  assert.deepEqual(h.of('hello')[0], { type: 'hello', session: 'secret-session', user: ALICE, heartbeat: 25 });
  assert.deepEqual(h.of('state').map((e) => e.state), ['connecting', 'open']);
});

test('https pages use wss', () => {
  const url = defaultUrl({ protocol: 'https:', host: 'example.org:8443' })({ name: 'a b', session: 's' });
  assert.equal(url, 'wss://example.org:8443/ws?name=a+b&session=s');
});

test('a join before hello is sent after hello; joined delivers the history', () => {
  const h = setup();
  h.client.join('lobby');
  h.client.connect();
  const ws = FakeWebSocket.last;
  ws.open();
  assert.equal(ws.sent.length, 0, 'nothing before hello');
  ws.receive({ type: 'hello', session: 't', user: ALICE, heartbeat: 25 });
  const [join] = ws.framesOf('join');
  assert.equal(join.room, 'lobby');
  assert.equal('since' in join, false, 'first join has no since');
  ws.receive({ type: 'joined', room: 'lobby', seq: 2, count: 2, members: [ALICE, BOB], history: [msg('lobby', 1), msg('lobby', 2)], recovered: false });
  const [joined] = h.of('joined');
  assert.deepEqual(joined.messages.map((m) => m.seq), [1, 2]);
  assert.equal(joined.resumed, false);
  assert.equal(h.of('missed').length, 0, 'recovered:false without since is not a loss');
  assert.equal(h.client.lastSeq('lobby'), 2);
  assert.deepEqual(h.client.roster('lobby'), { count: 2, members: [ALICE, BOB] });
});

test('join refuses invalid names and rooms already open', () => {
  const h = setup();
  assert.equal(h.client.join('bad name'), false);
  assert.equal(h.client.join('x'.repeat(65)), false);
  assert.equal(h.client.join('ok'), true);
  assert.equal(h.client.join('ok'), false);
});

// ------------------------------------------------------------------ messages

test('messages are deduplicated by seq and never emitted twice', () => {
  const h = setup();
  const ws = joinedRoom(h, 'lobby', [msg('lobby', 1), msg('lobby', 2)]);
  ws.receive(msg('lobby', 3));
  ws.receive(msg('lobby', 3));
  ws.receive(msg('lobby', 2));
  ws.receive(msg('lobby', 4));
  assert.deepEqual(h.of('message').map((e) => e.message.seq), [3, 4]);
  assert.equal(h.client.lastSeq('lobby'), 4);
});

test('own messages are flagged', () => {
  const h = setup();
  const ws = joinedRoom(h);
  ws.receive(msg('lobby', 1, 'mine', ALICE));
  ws.receive(msg('lobby', 2, 'theirs', BOB));
  assert.deepEqual(h.of('message').map((e) => e.own), [true, false]);
});

test('a seq gap is reported and filled from history without duplicates', () => {
  const h = setup();
  const ws = joinedRoom(h, 'lobby', [msg('lobby', 1)]);
  ws.receive(msg('lobby', 4));
  assert.deepEqual(h.of('gap').map(({ from, to }) => ({ from, to })), [{ from: 2, to: 3 }]);
  const req = ws.framesOf('history').at(-1);
  assert.equal(req.before, 4);
  assert.equal(req.limit, 2);
  ws.receive({ type: 'history', room: 'lobby', messages: [msg('lobby', 2), msg('lobby', 3)] });
  const [fill] = h.of('history');
  assert.equal(fill.purpose, 'gap');
  assert.deepEqual(fill.messages.map((m) => m.seq), [2, 3]);
  ws.receive(msg('lobby', 3));
  ws.receive(msg('lobby', 5));
  assert.deepEqual(h.of('message').map((e) => e.message.seq), [4, 5]);
  assert.equal(h.of('gap').length, 1);
});

test('older history pages: before = oldest shown, limit 50, hasMore until seq 1', () => {
  const h = setup();
  const ws = joinedRoom(h, 'lobby', [msg('lobby', 60), msg('lobby', 61)]);
  assert.equal(h.client.history('lobby', { before: 60 }), true);
  assert.deepEqual(ws.framesOf('history').at(-1), { type: 'history', room: 'lobby', before: 60, limit: 50, ref: ws.framesOf('history').at(-1).ref });
  const page = Array.from({ length: 50 }, (_, i) => msg('lobby', 10 + i));
  ws.receive({ type: 'history', room: 'lobby', messages: [...page, msg('lobby', 60)] });
  const [older] = h.of('history');
  assert.equal(older.purpose, 'older');
  assert.equal(older.messages.length, 50, 'seq 60 was already seen');
  assert.equal(older.hasMore, true);
  h.client.history('lobby', { before: 10 });
  ws.receive({ type: 'history', room: 'lobby', messages: Array.from({ length: 9 }, (_, i) => msg('lobby', 1 + i)) });
  assert.equal(h.of('history')[1].hasMore, false);
});

test('history is refused when not joined, and limits are clamped to 1-200', () => {
  const h = setup();
  assert.equal(h.client.history('lobby', { before: 5 }), false);
  const ws = joinedRoom(h);
  h.client.history('lobby', { before: 900, limit: 5000 });
  assert.equal(ws.framesOf('history').at(-1).limit, 200);
});

test('history limits follow the served historyPageMax (GET /api/config)', () => {
  applyLimits({ historyPageMax: 7 });
  try {
    const h = setup();
    const ws = joinedRoom(h);
    h.client.history('lobby', { before: 900, limit: 50 });
    assert.equal(ws.framesOf('history').at(-1).limit, 7);
    h.client.history('lobby', { before: 900, limit: 5 });
    assert.equal(ws.framesOf('history').at(-1).limit, 5);
  } finally {
    applyLimits({});
  }
});

test('sends follow the served text limits (GET /api/config)', () => {
  applyLimits({ maxTextLength: 10 });
  try {
    const h = setup();
    joinedRoom(h);
    assert.equal(h.client.send('lobby', 'x'.repeat(11)), null);
    assert.notEqual(h.client.send('lobby', 'x'.repeat(10)), null);
  } finally {
    applyLimits({});
  }
});

test('danmaku has no seq and goes to its own event', () => {
  const h = setup();
  const ws = joinedRoom(h);
  ws.receive({ type: 'message', room: 'lobby', kind: 'danmaku', text: 'wow', meta: { color: '#ff0000', mode: 'top' }, from: BOB, ts: 1 });
  assert.equal(h.of('message').length, 0);
  assert.equal(h.of('danmaku')[0].message.text, 'wow');
});

test('presence join/leave/count keep the roster and the count', () => {
  const h = setup();
  const ws = joinedRoom(h);
  const carol = { id: 'u3', name: 'carol' };
  ws.receive({ type: 'presence', room: 'lobby', event: 'join', user: carol, count: 3 });
  assert.deepEqual(h.client.roster('lobby').members.map((u) => u.name), ['alice', 'bob', 'carol']);
  ws.receive({ type: 'presence', room: 'lobby', event: 'leave', user: BOB, count: 2 });
  assert.deepEqual(h.client.roster('lobby'), { count: 2, members: [ALICE, carol] });
  ws.receive({ type: 'presence', room: 'lobby', event: 'count', count: 4321 });
  assert.equal(h.client.roster('lobby').count, 4321);
  assert.deepEqual(h.of('presence').map((e) => e.event), ['snapshot', 'join', 'leave', 'count']);
});

test('sending a message lets the next keystroke announce typing at once', () => {
  const h = setup();
  const ws = joinedRoom(h);
  assert.equal(h.client.typing('lobby'), true);
  h.timers.advance(100);
  assert.notEqual(h.client.send('lobby', 'done typing'), null);
  h.timers.advance(100);
  // Receivers clear "is typing" when the message arrives, so the throttle must not swallow this.
  assert.equal(h.client.typing('lobby'), true);
  assert.equal(ws.framesOf('typing').length, 2);
});

test('typing is sent at most every 2 s per room, and own typing echoes are ignored', () => {
  const h = setup();
  const ws = joinedRoom(h);
  assert.equal(h.client.typing('lobby'), true);
  h.timers.advance(1999);
  assert.equal(h.client.typing('lobby'), false);
  h.timers.advance(1);
  assert.equal(h.client.typing('lobby'), true);
  assert.equal(ws.framesOf('typing').length, 2);
  ws.receive({ type: 'typing', room: 'lobby', user: BOB });
  ws.receive({ type: 'typing', room: 'lobby', user: ALICE });
  assert.deepEqual(h.of('typing').map((e) => e.user.name), ['bob']);
});

test('notices and unknown types', () => {
  const h = setup();
  const ws = joinedRoom(h);
  ws.receive({ type: 'notice', text: 'maintenance at 5' });
  ws.receive({ type: 'future-thing', x: 1 });
  ws.receive('not json');
  assert.deepEqual(h.of('notice')[0], { type: 'notice', text: 'maintenance at 5', room: null });
  assert.equal(h.of('protocol-error').length, 1);
});

// ------------------------------------------------------------------ sends, acks, errors

test('send carries a unique ref, kind and meta; ack clears it', () => {
  const h = setup();
  const ws = joinedRoom(h);
  const r1 = h.client.send('lobby', 'hello');
  const r2 = h.client.send('lobby', 'boo', { kind: 'danmaku', meta: { color: '#00ff00', mode: 'scroll' } });
  assert.notEqual(r1, r2);
  const [s1, s2] = ws.framesOf('send');
  assert.deepEqual(s1, { type: 'send', room: 'lobby', text: 'hello', ref: r1 });
  assert.deepEqual(s2, { type: 'send', room: 'lobby', text: 'boo', ref: r2, kind: 'danmaku', meta: { color: '#00ff00', mode: 'scroll' } });
  ws.receive({ type: 'ack', ref: r1, room: 'lobby', seq: 7 });
  assert.deepEqual(h.of('ack')[0], { type: 'ack', ref: r1, room: 'lobby', seq: 7, kind: 'chat' });
  assert.deepEqual(h.client.pendingSends().map((p) => p.ref), [r2]);
});

test('send refuses empty, too long, or rooms not open', () => {
  const h = setup();
  joinedRoom(h);
  assert.equal(h.client.send('lobby', '   '), null);
  assert.equal(h.client.send('lobby', 'x'.repeat(2001)), null);
  assert.equal(h.client.send('lobby', 'x'.repeat(101), { kind: 'danmaku' }), null);
  assert.equal(h.client.send('elsewhere', 'hi'), null);
  assert.equal(h.client.pendingSends().length, 0);
});

test('errors are attributed: send -> send-failed, join -> join-failed, the rest -> error', () => {
  const h = setup();
  const ws = joinedRoom(h);
  const ref = h.client.send('lobby', 'spam');
  ws.receive({ type: 'error', code: 'rate_limited', message: 'slow down', ref });
  const [failed] = h.of('send-failed');
  assert.equal(failed.code, 'rate_limited');
  assert.equal(failed.room, 'lobby');
  assert.equal(failed.text, 'spam');
  assert.equal(h.client.pendingSends().length, 0);

  h.client.join('full');
  const joinRef = ws.framesOf('join').at(-1).ref;
  ws.receive({ type: 'error', code: 'room_full', message: 'full', ref: joinRef });
  assert.deepEqual(h.of('join-failed').map((e) => [e.room, e.code]), [['full', 'room_full']]);
  assert.equal(h.client.rooms.has('full'), false);

  ws.receive({ type: 'error', code: 'bad_request', message: 'odd', ref: null });
  assert.equal(h.of('error').at(-1).code, 'bad_request');
  h.client.typing('lobby');
  ws.receive({ type: 'error', code: 'rate_limited', message: '', ref: ws.framesOf('typing').at(-1).ref });
  assert.equal(h.of('error').at(-1).context, 'typing');
});

test('a failed history request is reported so the page can re-enable its button', () => {
  const h = setup();
  const ws = joinedRoom(h);
  h.client.history('lobby', { before: 3 });
  ws.receive({ type: 'error', code: 'rate_limited', message: '', ref: ws.framesOf('history').at(-1).ref });
  assert.deepEqual(h.of('history-failed').map((e) => [e.room, e.purpose, e.code]), [['lobby', 'older', 'rate_limited']]);
});

test('leave sends leave, forgets the room and drops its pending sends', () => {
  const h = setup();
  const ws = joinedRoom(h);
  ws.serverClose(1006);
  h.client.send('lobby', 'queued while offline');
  h.client.leave('lobby');
  assert.equal(h.client.rooms.size, 0);
  assert.equal(h.of('send-failed')[0].code, 'left');
  h.timers.advance(500);
  FakeWebSocket.last.accept();
  assert.equal(FakeWebSocket.last.framesOf('join').length, 0, 'not rejoined');
});

test('left with a reason (kicked / closed) forgets the room', () => {
  const h = setup();
  const ws = joinedRoom(h);
  ws.receive({ type: 'left', room: 'lobby', reason: 'kicked' });
  assert.deepEqual(h.of('left').map((e) => [e.room, e.reason, e.requested]), [['lobby', 'kicked', false]]);
  assert.equal(h.client.rooms.has('lobby'), false);
  ws.receive(msg('lobby', 9));
  assert.equal(h.of('message').length, 0);
});

// ------------------------------------------------------------------ reconnecting

test('reconnects with exponential backoff and full jitter (500, 1000, 2000 ms ceilings)', () => {
  const h = setup({ random: () => 1 });
  h.client.connect();
  FakeWebSocket.last.serverClose(1006);
  assert.equal(h.client.state, 'reconnecting');
  assert.equal(h.of('state').at(-1).delay, 500);
  assert.equal(h.of('state').at(-1).retryAt, h.timers.now() + 500);
  h.timers.advance(499);
  assert.equal(FakeWebSocket.instances.length, 1);
  h.timers.advance(1);
  assert.equal(FakeWebSocket.instances.length, 2);
  FakeWebSocket.last.serverClose(1006);
  assert.equal(h.timers.nextDelay, 1000);
  h.timers.advance(1000);
  FakeWebSocket.last.serverClose(1006);
  assert.equal(h.timers.nextDelay, 2000);
});

test('jitter is drawn from the injected random source', () => {
  const draws = [0.25, 0.5];
  const h = setup({ random: () => draws.shift() });
  h.client.connect();
  FakeWebSocket.last.serverClose(1006);
  assert.equal(h.timers.nextDelay, 125);
  h.timers.advance(125);
  FakeWebSocket.last.serverClose(1006);
  assert.equal(h.timers.nextDelay, 500);
});

test('the backoff caps at 15 s', () => {
  const h = setup({ random: () => 1 });
  h.client.connect();
  const delays = [];
  for (let i = 0; i < 8; i++) {
    FakeWebSocket.last.serverClose(1006);
    delays.push(h.timers.nextDelay);
    h.timers.advance(h.timers.nextDelay);
  }
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
});

test('a connection that stayed up resets the backoff; a quick drop after hello does not', () => {
  const h = setup({ random: () => 1, stableMs: 5000 });
  h.client.connect();
  FakeWebSocket.last.serverClose(1006);
  h.timers.advance(500);
  FakeWebSocket.last.accept();
  h.timers.advance(100);
  FakeWebSocket.last.serverClose(1013);
  assert.equal(h.timers.nextDelay, 1000, 'quick drop keeps backing off');
  h.timers.advance(1000);
  FakeWebSocket.last.accept();
  h.timers.advance(6000);
  FakeWebSocket.last.serverClose(1001);
  assert.equal(h.timers.nextDelay, 500, 'stable connection reset the attempts');
});

test('reconnect resumes the session and rejoins every open room with since = last seq', () => {
  const h = setup();
  const ws = joinedRoom(h, 'lobby', [msg('lobby', 1), msg('lobby', 2)]);
  h.client.join('dev');
  ws.receive({ type: 'joined', room: 'dev', seq: 0, count: 1, members: [ALICE], history: [], recovered: false });
  ws.receive(msg('lobby', 3));
  ws.serverClose(1006);
  h.timers.advance(500);
  const ws2 = FakeWebSocket.last;
  assert.notEqual(ws2, ws);
  assert.deepEqual(ws2.params, { name: 'alice', session: 'tok-1' });
  ws2.accept(ALICE, 'tok-1');
  const joins = ws2.framesOf('join').map(({ room, since }) => ({ room, since }));
  assert.deepEqual(joins, [{ room: 'lobby', since: 3 }, { room: 'dev', since: 0 }]);
  ws2.receive({ type: 'joined', room: 'lobby', seq: 5, count: 2, members: [ALICE, BOB], history: [msg('lobby', 3), msg('lobby', 4), msg('lobby', 5)], recovered: true });
  const rejoined = h.of('joined').at(-1);
  assert.equal(rejoined.resumed, true);
  assert.equal(rejoined.recovered, true);
  assert.deepEqual(rejoined.messages.map((m) => m.seq), [4, 5], 'seq 3 was already shown');
  assert.equal(h.of('missed').length, 0);
  assert.equal(h.client.lastSeq('lobby'), 5);
});

test('joined.recovered = false after a since emits missed and resets to the latest history', () => {
  const h = setup();
  const ws = joinedRoom(h, 'lobby', [msg('lobby', 1), msg('lobby', 2)]);
  ws.serverClose(1013);
  h.timers.advance(500);
  const ws2 = FakeWebSocket.last;
  ws2.accept();
  assert.equal(ws2.framesOf('join')[0].since, 2);
  const latest = Array.from({ length: 50 }, (_, i) => msg('lobby', 451 + i));
  ws2.receive({ type: 'joined', room: 'lobby', seq: 500, count: 2, members: [ALICE, BOB], history: latest, recovered: false });
  const [missed] = h.of('missed');
  assert.equal(missed.room, 'lobby');
  assert.equal(missed.since, 2);
  assert.equal(missed.messages.length, 50);
  const joined = h.of('joined').at(-1);
  assert.equal(joined.reset, true);
  assert.equal(joined.recovered, false);
  assert.equal(h.client.lastSeq('lobby'), 500);
  ws2.receive(msg('lobby', 501));
  assert.equal(h.of('gap').length, 0);
  assert.deepEqual(h.of('message').map((e) => e.message.seq), [501]);
});

test('a room renumbered by a server restart (joined.seq < last seen) is reset, not deduplicated away', () => {
  const h = setup();
  const ws = joinedRoom(h, 'lobby', [msg('lobby', 1), msg('lobby', 2), msg('lobby', 3)]);
  ws.serverClose(1001);
  h.timers.advance(500);
  const ws2 = FakeWebSocket.last;
  ws2.accept();
  ws2.receive({ type: 'joined', room: 'lobby', seq: 1, count: 1, members: [ALICE], history: [msg('lobby', 1, 'after restart')], recovered: true });
  const joined = h.of('joined').at(-1);
  assert.equal(joined.reset, true);
  assert.deepEqual(joined.messages.map((m) => m.text), ['after restart']);
  assert.equal(h.of('missed').at(-1).renumbered, true);
  ws2.receive(msg('lobby', 2, 'new two'));
  assert.deepEqual(h.of('message').map((e) => e.message.text), ['new two']);
});

test('unacknowledged sends are replayed with the same ref after the rejoin, once', () => {
  const h = setup();
  const ws = joinedRoom(h);
  const acked = h.client.send('lobby', 'first');
  const lost = h.client.send('lobby', 'second');
  ws.receive({ type: 'ack', ref: acked, room: 'lobby', seq: 1 });
  ws.serverClose(1006);
  const offline = h.client.send('lobby', 'typed while offline');
  assert.ok(offline, 'chat is queued while disconnected');
  h.timers.advance(500);
  const ws2 = FakeWebSocket.last;
  ws2.accept();
  assert.equal(ws2.framesOf('send').length, 0, 'not before the room is joined again');
  ws2.receive({ type: 'joined', room: 'lobby', seq: 2, count: 2, members: [ALICE, BOB], history: [msg('lobby', 2, 'second', ALICE)], recovered: true });
  assert.deepEqual(ws2.framesOf('send').map((f) => [f.ref, f.text]), [[lost, 'second'], [offline, 'typed while offline']]);
  ws2.receive({ type: 'ack', ref: lost, room: 'lobby', seq: 2 }); // the server deduplicated it
  ws2.receive({ type: 'ack', ref: offline, room: 'lobby', seq: 3 });
  assert.equal(h.client.pendingSends().length, 0);
  ws2.serverClose(1006);
  h.timers.advance(1000);
  FakeWebSocket.last.accept();
  FakeWebSocket.last.receive({ type: 'joined', room: 'lobby', seq: 3, count: 2, members: [], history: [], recovered: true });
  assert.equal(FakeWebSocket.last.framesOf('send').length, 0, 'acked sends are not replayed');
});

test('unacknowledged danmaku is dropped, not replayed, and danmaku is refused while offline', () => {
  const h = setup();
  const ws = joinedRoom(h);
  h.client.send('lobby', 'fly', { kind: 'danmaku', meta: { color: '#ffffff', mode: 'scroll' } });
  ws.serverClose(1006);
  assert.equal(h.client.send('lobby', 'late', { kind: 'danmaku' }), null);
  h.timers.advance(500);
  FakeWebSocket.last.accept();
  FakeWebSocket.last.receive({ type: 'joined', room: 'lobby', seq: 0, count: 1, members: [], history: [], recovered: true });
  assert.equal(FakeWebSocket.last.framesOf('send').length, 0);
});

test('in-flight history requests fail on disconnect', () => {
  const h = setup();
  const ws = joinedRoom(h, 'lobby', [msg('lobby', 5)]);
  h.client.history('lobby', { before: 5 });
  ws.serverClose(1006);
  assert.deepEqual(h.of('history-failed').map((e) => [e.room, e.code]), [['lobby', 'disconnected']]);
});

test('close codes: 4001 (operator) and 1008 (flooding) go offline without retrying', () => {
  for (const code of [4001, 1008]) {
    const h = setup();
    joinedRoom(h);
    FakeWebSocket.last.serverClose(code, 'bye');
    assert.equal(h.client.state, 'offline', `code ${code}`);
    assert.equal(h.of('state').at(-1).code, code);
    assert.equal(h.of('state').at(-1).retry, false);
    assert.equal(h.timers.pending, 0);
    h.client.reconnectNow();
    assert.equal(FakeWebSocket.instances.length, 2, 'the user can reconnect by hand');
  }
});

test('close codes: 1000, 1001, 1006, 1011 and 1013 from the server are retried', () => {
  for (const code of [1000, 1001, 1006, 1011, 1013]) {
    const h = setup();
    joinedRoom(h);
    FakeWebSocket.last.serverClose(code);
    assert.equal(h.client.state, 'reconnecting', `code ${code}`);
    assert.equal(h.timers.pending, 1);
  }
});

test('disconnect() closes with 1000 and stays offline; reconnectNow() skips the wait', () => {
  const h = setup();
  const ws = joinedRoom(h);
  h.client.disconnect();
  assert.deepEqual(ws.closedWith, { code: 1000, reason: 'bye' });
  assert.equal(h.client.state, 'offline');
  assert.equal(h.timers.pending, 0);
  h.client.reconnectNow();
  assert.equal(h.client.state, 'connecting');
  FakeWebSocket.last.serverClose(1006);
  assert.equal(h.timers.pending, 1);
  h.client.reconnectNow();
  assert.equal(h.timers.pending, 0, 'pending retry cancelled');
  assert.equal(FakeWebSocket.instances.length, 3);
});

test('events from a replaced socket are ignored', () => {
  const h = setup();
  const ws = joinedRoom(h);
  h.client.setIdentity({ name: 'alice2' });
  const ws2 = FakeWebSocket.last;
  assert.notEqual(ws2, ws);
  assert.equal(ws.closedWith.code, 1000);
  assert.deepEqual(ws2.params, { name: 'alice2', session: 'tok-1' });
  ws.receive(msg('lobby', 1));
  ws.serverClose(1006);
  assert.equal(h.of('message').length, 0);
  assert.equal(h.client.state, 'connecting');
  assert.equal(h.timers.pending, 0);
});

test('a throwing WebSocket constructor schedules a retry', () => {
  FakeWebSocket.reset();
  const timers = new FakeTimers();
  let calls = 0;
  class Broken { constructor() { calls++; throw new Error('SyntaxError'); } }
  const client = new RoomClient({ url: () => 'ws://x/ws', WebSocket: Broken, timers, now: timers.now, random: () => 1 });
  client.connect();
  assert.equal(client.state, 'reconnecting');
  timers.advance(500);
  assert.equal(calls, 2);
});

test('cluster mode: the epoch of joined is sent back with since on the rejoin', () => {
  const h = setup();
  h.client.connect();
  const ws = FakeWebSocket.last;
  ws.accept(ALICE, 'tok-1');
  h.client.join('lobby');
  ws.receive({ type: 'joined', room: 'lobby', seq: 2, count: 1, members: [ALICE], history: [msg('lobby', 1), msg('lobby', 2)], recovered: false, epoch: 4242 });
  ws.serverClose(1006);
  h.timers.advance(500);
  const ws2 = FakeWebSocket.last;
  ws2.accept(ALICE, 'tok-1');
  const join = ws2.framesOf('join')[0];
  assert.equal(join.since, 2);
  assert.equal(join.epoch, 4242);
});

test('single-node mode: no epoch in joined, none in the rejoin', () => {
  const h = setup();
  const ws = joinedRoom(h, 'lobby', [msg('lobby', 1)]);
  ws.serverClose(1006);
  h.timers.advance(500);
  const ws2 = FakeWebSocket.last;
  ws2.accept(ALICE, 'tok-1');
  assert.equal('epoch' in ws2.framesOf('join')[0], false);
});

// ------------------------------------------------------------------ token mode (docs/protocol.md "Signed identities")

test('token mode: the token goes in an auth message once the socket opens, never in the URL', () => {
  let token = 'jwt-1';
  const { client } = setup({ token: () => token });
  client.connect();
  const ws = FakeWebSocket.last;
  assert.equal(ws.params.token, undefined);
  ws.open();
  assert.deepEqual(ws.frames, [{ type: 'auth', token: 'jwt-1' }]);
  ws.receive({ type: 'hello', session: 's', user: { id: 'ann', name: 'Ann' }, heartbeat: 25, expires: 5000 });
  assert.equal(client.expires, 5000);

  token = 'jwt-2';
  assert.equal(client.refresh(token), true);
  assert.deepEqual(ws.framesOf('refresh'), [{ type: 'refresh', token: 'jwt-2' }]);
  ws.receive({ type: 'refreshed', expires: 9000 });
  assert.equal(client.expires, 9000);
});

test('a guest sends no auth message', () => {
  const { client } = setup();
  client.connect();
  FakeWebSocket.last.open();
  assert.deepEqual(FakeWebSocket.last.framesOf('auth'), []);
  assert.equal(client.expires, null);
});

test('4003 (not authenticated) is not retried: the same token would fail again', () => {
  const { client, timers } = setup({ token: () => 'bad' });
  client.connect();
  FakeWebSocket.last.open();
  FakeWebSocket.last.serverClose(4003, 'Not authenticated');
  assert.equal(client.state, 'offline');
  timers.advance(60_000);
  assert.equal(FakeWebSocket.instances.length, 1);
});
