// The page's use of GET /api/config: validate.js checks against the served limits, and falls back
// to the server's defaults while the request is pending, when it fails, and value by value when an
// answer is partial or odd.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { applyLimits, checkText, DEFAULT_LIMITS, isRoomName, limits } from '../js/validate.js';
import { CONFIG_PATH, loadClientConfig } from '../js/client-config.js';

afterEach(() => applyLimits({}));

const served = { maxTextLength: 10, maxDanmakuLength: 3, maxRoomsPerConnection: 2, roomName: '[a-z]{1,4}', historyPageMax: 7, auth: 'token' };

function fakeFetch(answer) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch, calls };
}

const json = (body, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body });

test('before the config arrives, the server defaults hold', () => {
  assert.deepEqual({ ...limits() }, { ...DEFAULT_LIMITS });
  assert.equal(checkText('a'.repeat(2000)), null);
  assert.equal(checkText('a'.repeat(101), 'danmaku'), 'too_long');
  assert.ok(isRoomName('x'.repeat(64)));
});

test('the served limits drive checkText and isRoomName', async () => {
  const { fetch, calls } = fakeFetch(json(served));
  const result = await loadClientConfig(fetch);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, CONFIG_PATH);
  assert.equal(calls[0].url, '/api/config');
  assert.deepEqual({ ...result }, served);
  assert.deepEqual({ ...limits() }, served);
  assert.equal(checkText('a'.repeat(10)), null);
  assert.equal(checkText('a'.repeat(11)), 'too_long');
  assert.equal(checkText('😀😀😀', 'danmaku'), null, 'code points, as the server counts');
  assert.equal(checkText('😀😀😀😀', 'danmaku'), 'too_long');
  assert.ok(isRoomName('abcd'));
  assert.ok(!isRoomName('abcde'), 'matched whole, not as a substring');
  assert.ok(!isRoomName('lobby9'));
  assert.ok(!isRoomName('ab\ncd'));
});

test('a failed request keeps the defaults and never rejects', async () => {
  for (const answer of [new Error('offline'), json({ title: 'Server Error' }, 500),
    { ok: true, status: 200, json: async () => { throw new SyntaxError('not JSON'); } }]) {
    applyLimits(served);
    applyLimits({});
    const warn = console.warn;
    console.warn = () => {};
    try {
      const result = await loadClientConfig(fakeFetch(answer).fetch);
      assert.deepEqual({ ...result }, { ...DEFAULT_LIMITS });
    } finally {
      console.warn = warn;
    }
    assert.equal(checkText('a'.repeat(2000)), null);
    assert.equal(checkText('a'.repeat(2001)), 'too_long');
  }
});

test('unusable values fall back one by one', () => {
  const got = applyLimits({
    maxTextLength: 500, maxDanmakuLength: 0, maxRoomsPerConnection: '3', roomName: '[unclosed', historyPageMax: 1.5,
  });
  assert.deepEqual({ ...got }, { ...DEFAULT_LIMITS, maxTextLength: 500 });
  assert.ok(isRoomName('a.b-c_D9'), 'the default room-name rule');
  assert.deepEqual({ ...applyLimits(null) }, { ...DEFAULT_LIMITS });
  assert.deepEqual({ ...applyLimits({ roomName: '' }) }, { ...DEFAULT_LIMITS });
  assert.ok(Object.isFrozen(limits()));
});
