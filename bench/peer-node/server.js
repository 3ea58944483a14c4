'use strict';
// RoomWire's benchmark protocol subset (docs/protocol.md, v1) on Node.js and ws: hello, join/joined, leave/left,
// send -> message to every member (sender included, per-room seq) then ack, presence join/leave, typing, history
// (empty), errors, a ping every 25 s. No flood limits, no stored history, no resume: this is a benchmark peer.
//
//   node --expose-gc server.js [--port=18081] [--host=127.0.0.1] [--budget=1048576]
//   (or PORT, HOST, BUFFERED_BUDGET in the environment)
//
// GET /actuator/health answers {"status":"UP"}; GET /bench/heap runs a full GC (needs --expose-gc) and answers
// process.memoryUsage() in bytes, which bench/run.sh reads as "heap after GC".

const http = require('node:http');
const crypto = require('node:crypto');
const { WebSocketServer, WebSocket } = require('ws');

function arg(name, envName, fallback) {
  const prefix = `--${name}=`;
  const found = process.argv.slice(2).find((a) => a.startsWith(prefix));
  if (found) return found.slice(prefix.length);
  return process.env[envName] || fallback;
}

const PORT = Number(arg('port', 'PORT', '18081'));
const HOST = arg('host', 'HOST', '127.0.0.1');
// Bytes a connection may have waiting in ws and its socket (ws.bufferedAmount) before it counts as too slow.
const BUFFERED_BUDGET = Number(arg('budget', 'BUFFERED_BUDGET', String(1024 * 1024)));
// A slow client closed with 1013 that has not finished the closing handshake by then is terminated.
const CLOSE_TIMEOUT_MS = Number(arg('close-timeout-ms', 'CLOSE_TIMEOUT_MS', '10000'));
const SUBPROTOCOL = 'roomwire.v1';
const HEARTBEAT_SECONDS = 25;
const ROSTER_LIMIT = 100;
const MAX_TEXT = 2000;
const MAX_DANMAKU = 100;
const MAX_PAYLOAD = 64 * 1024;
const ROOM_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const TYPES = new Set(['join', 'leave', 'send', 'history', 'typing']);

/** name -> { name, seq, members: Map<id, conn> }; a room goes when its last member leaves. */
const rooms = new Map();
/** Every open connection, for the heartbeat. */
const connections = new Set();

// ---------------------------------------------------------------- sending

/**
 * Sends one encoded frame (a Buffer shared by every member of a broadcast, sent as text). A client whose
 * bufferedAmount is over the budget is too slow: it is closed with 1013, and terminated if it does not finish
 * the closing handshake in time (it does not read, so the Close frame waits behind its data).
 */
function send(conn, frame) {
  const ws = conn.ws;
  if (conn.closing || ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount > BUFFERED_BUDGET) {
    conn.closing = true;
    ws.close(1013, 'too slow');
    setTimeout(() => ws.terminate(), CLOSE_TIMEOUT_MS).unref();
    return;
  }
  ws.send(frame, { binary: false });
}

/** JSON.stringify once, UTF-8 once: the same Buffer goes to every recipient. */
function encode(event) {
  return Buffer.from(JSON.stringify(event));
}

function error(conn, code, message, ref) {
  const e = { type: 'error', code, message };
  if (ref != null) e.ref = ref;
  send(conn, encode(e));
}

// ---------------------------------------------------------------- protocol

function str(obj, field) {
  const v = obj[field];
  return typeof v === 'string' ? v : null;
}

function join(conn, roomName) {
  let room = rooms.get(roomName);
  if (!room) {
    room = { name: roomName, seq: 0, members: new Map() };
    rooms.set(roomName, room);
  }
  const fresh = !room.members.has(conn.id);
  room.members.set(conn.id, conn);
  conn.rooms.add(roomName);
  const count = room.members.size;
  const roster = [];
  for (const member of room.members.values()) {
    if (roster.length === ROSTER_LIMIT) break;
    roster.push(member.user);
  }
  send(conn, encode({ type: 'joined', room: roomName, seq: room.seq, count, members: roster, history: [],
    recovered: false }));
  if (fresh) {
    const presence = encode({ type: 'presence', room: roomName, event: 'join', user: conn.user, count });
    for (const member of room.members.values()) {
      if (member !== conn) send(member, presence);
    }
  }
}

function leave(conn, roomName) {
  conn.rooms.delete(roomName);
  const room = rooms.get(roomName);
  if (!room || !room.members.delete(conn.id)) return;
  const count = room.members.size;
  if (count === 0) {
    rooms.delete(roomName);
    return;
  }
  const presence = encode({ type: 'presence', room: roomName, event: 'leave', user: conn.user, count });
  for (const member of room.members.values()) send(member, presence);
}

function tooLong(s, max) { // more than max code points (never, when there are at most max UTF-16 units)
  if (s.length <= max) return false;
  let n = 0;
  for (const _ of s) {
    if (++n > max) return true;
  }
  return false;
}

function chat(conn, roomName, req, ref) {
  let body = str(req, 'text');
  if (body === null) return error(conn, 'bad_request', 'text must be a string', ref);
  body = body.trim();
  const kind = 'kind' in req ? str(req, 'kind') : 'chat';
  if (kind !== 'chat' && kind !== 'danmaku') return error(conn, 'bad_request', 'kind must be chat or danmaku', ref);
  const isChat = kind === 'chat';
  if (body.length === 0) return error(conn, 'bad_request', 'empty text', ref);
  const max = isChat ? MAX_TEXT : MAX_DANMAKU;
  if (tooLong(body, max)) return error(conn, 'too_long', 'text too long', ref);
  const meta = req.meta !== null && typeof req.meta === 'object' && !Array.isArray(req.meta) ? req.meta : {};
  const room = rooms.get(roomName);
  if (!room) return error(conn, 'not_member', 'join the room first', ref);
  const seq = isChat ? ++room.seq : null;
  const message = { type: 'message', room: roomName };
  if (seq !== null) message.seq = seq;
  Object.assign(message, { kind, text: body, meta, from: conn.user, ts: Date.now() });
  // Encoded once; one thread, so every member gets the room's messages in seq order.
  const frame = encode(message);
  for (const member of room.members.values()) send(member, frame);
  const ack = { type: 'ack' };
  if (ref != null) ack.ref = ref;
  ack.room = roomName;
  if (seq !== null) ack.seq = seq;
  send(conn, encode(ack));
}

function requireMember(conn, roomName, ref) {
  if (conn.rooms.has(roomName)) return true;
  error(conn, 'not_member', `not a member of ${roomName}`, ref);
  return false;
}

function onMessage(conn, data, isBinary) {
  if (isBinary) return error(conn, 'bad_request', 'text frames only', null);
  let req;
  try {
    req = JSON.parse(data.toString('utf8'));
  } catch {
    return error(conn, 'bad_request', 'not JSON', null);
  }
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    return error(conn, 'bad_request', 'not a JSON object', null);
  }
  const ref = str(req, 'ref');
  const type = str(req, 'type');
  if (type === null) return error(conn, 'bad_request', 'missing type', ref);
  if (!TYPES.has(type)) return error(conn, 'unknown_type', `unknown type ${type}`, ref);
  const roomName = str(req, 'room');
  if (roomName === null || !ROOM_NAME.test(roomName)) {
    return error(conn, 'invalid_room', 'room must be 1-64 characters of [A-Za-z0-9_.-]', ref);
  }
  switch (type) {
    case 'join':
      join(conn, roomName);
      break;
    case 'leave':
      if (requireMember(conn, roomName, ref)) {
        leave(conn, roomName);
        send(conn, encode({ type: 'left', room: roomName }));
      }
      break;
    case 'send':
      if (requireMember(conn, roomName, ref)) chat(conn, roomName, req, ref);
      break;
    case 'history':
      if (requireMember(conn, roomName, ref)) send(conn, encode({ type: 'history', room: roomName, messages: [] }));
      break;
    case 'typing': {
      const room = rooms.get(roomName);
      if (room && requireMember(conn, roomName, ref)) {
        const frame = encode({ type: 'typing', room: roomName, user: conn.user });
        for (const member of room.members.values()) {
          if (member !== conn) send(member, frame);
        }
      }
      break;
    }
  }
}

function displayName(url, id) {
  let name = url.searchParams.get('name');
  if (name !== null) {
    name = name.replace(/\p{C}/gu, '').replace(/\s+/g, ' ').trim().slice(0, 32);
  }
  return name ? name : `guest-${id.slice(-4)}`;
}

// ---------------------------------------------------------------- server

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  maxPayload: MAX_PAYLOAD,
  handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
});

wss.on('connection', (ws, request) => {
  const url = new URL(request.url, 'http://localhost');
  const id = crypto.randomUUID();
  const conn = { id, ws, user: { id, name: displayName(url, id) }, rooms: new Set(), closing: false };
  connections.add(conn);
  ws.on('message', (data, isBinary) => onMessage(conn, data, isBinary));
  ws.on('error', () => {}); // 'close' follows
  ws.on('close', () => {
    connections.delete(conn);
    for (const roomName of [...conn.rooms]) leave(conn, roomName);
  });
  send(conn, encode({ type: 'hello', session: crypto.randomUUID(), user: conn.user, heartbeat: HEARTBEAT_SECONDS }));
});

function heapReport() {
  if (typeof global.gc === 'function') {
    global.gc();
  }
  return { gc: typeof global.gc === 'function', ...process.memoryUsage() };
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  let status = 404;
  let body = { error: 'not found' };
  if (req.method === 'GET' && path === '/actuator/health') {
    status = 200;
    body = { status: 'UP' };
  } else if (req.method === 'GET' && path === '/bench/heap') {
    status = 200;
    body = heapReport();
  } else if (path === '/ws') {
    status = 400;
    body = { error: 'WebSocket upgrade required' };
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
});

server.on('upgrade', (request, socket, head) => {
  const path = request.url.split('?')[0];
  const offered = request.headers['sec-websocket-protocol'];
  const refuse = (code, reason) => {
    socket.end(`HTTP/1.1 ${code} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  if (path !== '/ws') return refuse(404, 'Not Found');
  // A client offering only other subprotocols is refused (docs/protocol.md, Transport).
  if (offered !== undefined && !offered.split(',').some((p) => p.trim() === SUBPROTOCOL)) {
    return refuse(400, 'Bad Request');
  }
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});

// The server's heartbeat, as announced in hello.
setInterval(() => {
  for (const conn of connections) {
    if (!conn.closing && conn.ws.readyState === WebSocket.OPEN) conn.ws.ping();
  }
}, HEARTBEAT_SECONDS * 1000).unref();

server.listen({ port: PORT, host: HOST, backlog: 4096 }, () => {
  console.log(`roomwire peer-node (ws ${require('ws/package.json').version}, node ${process.version}) on ` +
    `${HOST}:${PORT}, bufferedAmount budget ${BUFFERED_BUDGET} bytes, gc ${typeof global.gc === 'function'}`);
});

function shutdown() {
  for (const conn of connections) conn.ws.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
