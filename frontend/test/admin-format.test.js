import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  basicAuthorization, formatAgo, formatBytes, formatCount, formatDuration, formatRate, formatTimestamp,
  problemText, toNumber,
} from '../admin/js/format.js';

test('toNumber keeps finite numbers and numeric strings, nothing else', () => {
  assert.equal(toNumber(3), 3);
  assert.equal(toNumber('2.5'), 2.5);
  for (const v of [null, undefined, '', ' ', 'x', NaN, Infinity, {}, []]) assert.equal(toNumber(v), null, String(v));
});

test('counts are whole and grouped; unknown is a dash', () => {
  assert.equal(formatCount(0, 'en'), '0');
  assert.equal(formatCount(12345, 'en'), '12,345');
  assert.equal(formatCount(2.6, 'en'), '3');
  assert.equal(formatCount(null, 'en'), '–');
  assert.equal(formatCount('nope', 'en'), '–');
});

test('rates: one decimal below 10 when fractional, whole above', () => {
  assert.equal(formatRate(0, 'en'), '0');
  assert.equal(formatRate(2, 'en'), '2');
  assert.equal(formatRate(2.46, 'en'), '2.5');
  assert.equal(formatRate(0.04, 'en'), '0.0');
  assert.equal(formatRate(12.6, 'en'), '13');
  assert.equal(formatRate(1204.2, 'en'), '1,204');
  assert.equal(formatRate(undefined, 'en'), '–');
});

test('bytes use binary units', () => {
  assert.equal(formatBytes(0, 'en'), '0 B');
  assert.equal(formatBytes(1023, 'en'), '1,023 B');
  assert.equal(formatBytes(1536, 'en'), '1.5 KB');
  assert.equal(formatBytes(12 * 1024 * 1024, 'en'), '12 MB');
  assert.equal(formatBytes(-1, 'en'), '–');
});

test('durations show the two largest units', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(45), '45 s');
  assert.equal(formatDuration(185), '3 min 5 s');
  assert.equal(formatDuration(3600), '1 h');
  assert.equal(formatDuration(2 * 3600 + 4 * 60 + 9), '2 h 4 min');
  assert.equal(formatDuration(3 * 86400 + 3600 + 1), '3 d 1 h');
  assert.equal(formatDuration(null), '–');
});

test('relative times', () => {
  const now = 1_700_000_000_000;
  assert.equal(formatAgo(now, now), 'just now');
  assert.equal(formatAgo(now - 59_000, now), 'just now', 'minute granularity: rows do not change every poll');
  assert.equal(formatAgo(now - 60_000, now), '1 min ago');
  assert.equal(formatAgo(now - 5 * 60_000, now), '5 min ago');
  assert.equal(formatAgo(now - 3 * 3_600_000, now), '3 h ago');
  assert.equal(formatAgo(now - 2 * 86_400_000, now), '2 d ago');
  assert.equal(formatAgo(now + 10_000, now), 'just now', 'a clock slightly ahead is not "in the future"');
  assert.equal(formatAgo(0, now), 'never');
  assert.equal(formatAgo(null, now), 'never');
});

test('timestamps are local and zero-padded', () => {
  const t = new Date(2024, 4, 1, 3, 4, 5).getTime();
  assert.equal(formatTimestamp(t), '2024-05-01 03:04:05');
  assert.equal(formatTimestamp(null), '');
});

test('Basic authorization is base64 of the UTF-8 "user:password" (RFC 7617)', () => {
  // RFC 7617 §2 example.
  assert.equal(basicAuthorization('Aladdin', 'open sesame'), 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  // RFC 7617 §2.1: UTF-8 — "test" / "123£".
  assert.equal(basicAuthorization('test', '123\u00A3'), 'Basic dGVzdDoxMjPCow==');
  assert.equal(basicAuthorization('admin', 'pa:ss'), `Basic ${Buffer.from('admin:pa:ss').toString('base64')}`, 'colons are fine in the password');
  assert.throws(() => basicAuthorization('ad:min', 'x'), RangeError);
});

test('problem text prefers detail, then title, then a line about the status', () => {
  assert.equal(problemText({ title: 'Not Found', detail: 'No room named x' }, 404), 'No room named x');
  assert.equal(problemText({ title: 'Bad Request', detail: '  ' }, 400), 'Bad Request');
  assert.equal(problemText(null, 404), 'Not found (HTTP 404).');
  assert.equal(problemText(null, 503), 'The server failed (HTTP 503).');
  assert.equal(problemText({}, 409), 'The request failed (HTTP 409).');
  assert.equal(problemText(null, 0), 'The server could not be reached.');
});
