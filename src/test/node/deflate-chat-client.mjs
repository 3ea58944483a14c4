// A chat member on Node's `ws` client with permessage-deflate (RFC 7692), for DeflateNodeClientTests.
// Usage: node deflate-chat-client.mjs <ws url> <room> <reply text>
// Prints one line per step on stdout: "hello <extensions>", "joined", "message <text>", "ack", "closed <code>".
// `ws` is found through NODE_PATH (Debian's node-ws installs it under /usr/share/nodejs).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');
const [url, room, reply] = process.argv.slice(2);

// threshold 0: compress every message, however small (ws's default skips those under 1 KB).
const ws = new WebSocket(url, 'roomwire.v1', { perMessageDeflate: { threshold: 0 } });
const say = (line) => process.stdout.write(line + '\n');
const timer = setTimeout(() => { say('timeout'); process.exit(2); }, 20000);

ws.on('message', (data, isBinary) => {
  const msg = JSON.parse(data.toString('utf8'));
  if (msg.type === 'hello') {
    say('hello ' + ws.extensions);
    ws.send(JSON.stringify({ type: 'join', room }));
  } else if (msg.type === 'joined') {
    say('joined');
  } else if (msg.type === 'message' && msg.text.startsWith('from-carol')) {
    say('message ' + msg.text);
    ws.send(JSON.stringify({ type: 'send', room, text: reply, ref: 'node-1' }));
  } else if (msg.type === 'ack' && msg.ref === 'node-1') {
    say('ack');
    ws.close(1000, 'done');
  }
});
ws.on('close', (code) => {
  say('closed ' + code);
  clearTimeout(timer);
});
ws.on('error', (e) => {
  say('error ' + e.message);
  process.exit(1);
});
