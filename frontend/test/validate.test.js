import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isRoomName, checkText, codePointLength, isColor, danmakuMeta, httpUrl, cleanName, cleanAvatar, initials,
} from '../js/validate.js';
import { TypingTracker, typingText } from '../js/typing.js';

test('room names: 1-64 of [A-Za-z0-9_.-]', () => {
  assert.ok(isRoomName('lobby'));
  assert.ok(isRoomName('a.b-c_D9'));
  assert.ok(isRoomName('x'.repeat(64)));
  assert.ok(!isRoomName(''));
  assert.ok(!isRoomName('x'.repeat(65)));
  assert.ok(!isRoomName('has space'));
  assert.ok(!isRoomName('émoji'));
  assert.ok(!isRoomName(null));
});

test('text limits count code points after trimming: chat 2000, danmaku 100', () => {
  assert.equal(checkText('  '), 'bad_request');
  assert.equal(checkText('hi'), null);
  assert.equal(checkText('a'.repeat(2000)), null);
  assert.equal(checkText('a'.repeat(2001)), 'too_long');
  assert.equal(checkText(`  ${'😀'.repeat(100)}  `, 'danmaku'), null, '100 emoji are 100 code points');
  assert.equal(checkText('😀'.repeat(101), 'danmaku'), 'too_long');
  assert.equal(codePointLength('a😀'), 2);
});

test('danmaku meta: #RRGGBB colour and a known mode, else defaults', () => {
  assert.ok(isColor('#A0b1C2'));
  assert.ok(!isColor('#abc'));
  assert.ok(!isColor('red'));
  assert.deepEqual(danmakuMeta('#ff0000', 'top'), { color: '#ff0000', mode: 'top' });
  assert.deepEqual(danmakuMeta('red', 'sideways'), { color: '#ffffff', mode: 'scroll' });
});

test('video URLs must be http(s)', () => {
  assert.equal(httpUrl('https://example.com/v.mp4'), 'https://example.com/v.mp4');
  assert.equal(httpUrl(' http://example.com/a b.webm '), 'http://example.com/a%20b.webm');
  assert.equal(httpUrl('javascript:alert(1)'), null);
  assert.equal(httpUrl('data:video/mp4;base64,AAAA'), null);
  assert.equal(httpUrl('file:///etc/passwd'), null);
  assert.equal(httpUrl('not a url'), null);
  assert.equal(httpUrl('/media/clip.mp4', 'https://chat.example'), 'https://chat.example/media/clip.mp4');
  assert.equal(httpUrl(''), null);
});

test('names and avatars are cleaned like the server does', () => {
  assert.equal(cleanName('  Alice \u0000 Smith\u200b  '), 'Alice Smith');
  assert.equal(cleanName('x'.repeat(40)).length, 32);
  assert.equal(cleanAvatar('🐱'), '🐱');
  assert.equal(cleanAvatar('https://example.com/a.png'), 'https://example.com/a.png');
  assert.equal(cleanAvatar('two words'), '');
  assert.equal(cleanAvatar('waytoolongtoken'), '');
});

test('initials come from the first and last words', () => {
  assert.equal(initials('alice'), 'A');
  assert.equal(initials('Alice Smith'), 'AS');
  assert.equal(initials('guest-1a2b'), 'G1');
  assert.equal(initials(''), '?');
});

test('typing entries expire after 3 s and a message ends them', () => {
  const t = new TypingTracker();
  const alice = { id: 'a', name: 'alice' };
  const bob = { id: 'b', name: 'bob' };
  assert.equal(t.add(alice, 0), true);
  assert.equal(t.add(alice, 1000), false, 'refresh, no visible change');
  t.add(bob, 2000);
  assert.deepEqual(t.active(3500).map((u) => u.name), ['alice', 'bob']);
  assert.equal(t.nextExpiry(3500), 500);
  assert.deepEqual(t.active(4000).map((u) => u.name), ['bob']);
  t.remove('b');
  assert.deepEqual(t.active(4001), []);
  assert.equal(t.nextExpiry(4001), null);
});

test('typing text', () => {
  const u = (name) => ({ id: name, name });
  assert.equal(typingText([]), '');
  assert.equal(typingText([u('alice')]), 'alice is typing…');
  assert.equal(typingText([u('alice'), u('bob')]), 'alice and bob are typing…');
  assert.equal(typingText([u('a'), u('b'), u('c'), u('d'), u('e')]), 'a, b and 3 others are typing…');
});
