import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, backoffCeiling, backoffDelay, BACKOFF_DEFAULTS } from '../js/backoff.js';

test('defaults are base 500 ms, factor 2, cap 15 s', () => {
  assert.deepEqual({ ...BACKOFF_DEFAULTS }, { base: 500, factor: 2, cap: 15000 });
});

test('ceiling doubles from 500 ms and stops at the 15 s cap', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((n) => backoffCeiling(n)), [500, 1000, 2000, 4000, 8000, 15000, 15000]);
  assert.equal(backoffCeiling(10_000), 15000, 'no overflow for huge attempts');
  assert.equal(backoffCeiling(-3), 500, 'negative attempts count as the first');
});

test('full jitter: delay = random() * ceiling, uniform in [0, ceiling)', () => {
  assert.equal(backoffDelay(0, { random: () => 0 }), 0);
  assert.equal(backoffDelay(0, { random: () => 0.5 }), 250);
  assert.equal(backoffDelay(3, { random: () => 0.5 }), 2000);
  assert.equal(backoffDelay(20, { random: () => 0.999999 }), 14999);
});

test('custom base, factor and cap are honoured', () => {
  assert.equal(backoffCeiling(2, { base: 100, factor: 3, cap: 10_000 }), 900);
  assert.equal(backoffDelay(5, { base: 100, factor: 3, cap: 1000, random: () => 1 }), 1000);
});

test('a random source out of range is clamped', () => {
  assert.equal(backoffDelay(1, { random: () => 7 }), 1000);
  assert.equal(backoffDelay(1, { random: () => -1 }), 0);
  assert.equal(backoffDelay(1, { random: () => NaN }), 0);
});

test('Backoff counts attempts and reset() starts over', () => {
  const b = new Backoff({ random: () => 1 });
  assert.deepEqual([b.next(), b.next(), b.next()], [500, 1000, 2000]);
  assert.equal(b.attempt, 3);
  b.reset();
  assert.equal(b.attempt, 0);
  assert.equal(b.next(), 500);
});

test('with Math.random the delays stay within their ceilings', () => {
  const b = new Backoff();
  for (let i = 0; i < 50; i++) {
    const ceiling = backoffCeiling(b.attempt);
    const d = b.next();
    assert.ok(d >= 0 && d < ceiling + 1, `${d} within [0, ${ceiling}]`);
  }
});
