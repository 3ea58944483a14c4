import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shorten } from '../js/text.js';

test('shorten adds an ellipsis only when needed', () => {
  assert.equal(shorten('abc', 3), 'abc');
  assert.equal(shorten('abcdef', 4), 'abc…');
  assert.equal(shorten(null, 4), '');
  assert.equal(shorten(undefined, 4), '');
  assert.equal(shorten(12345, 3), '12…');
});

test('shorten counts code points: an emoji is one character and is never cut in half', () => {
  assert.equal(shorten('😀😀😀', 3), '😀😀😀', 'three code points fit in three (six UTF-16 units)');
  assert.equal(shorten('😀😀😀😀', 3), '😀😀…');
  assert.equal(shorten('a😀b', 2), 'a…');
  const out = shorten(`x${'😀'.repeat(10)}`, 6);
  assert.equal(out, `x${'😀'.repeat(4)}…`);
  assert.ok(out.isWellFormed(), 'no lone surrogate');
});

test('shorten never returns more than max code points, even for tiny limits', () => {
  assert.equal(shorten('abc', 1), '…');
  assert.equal(shorten('abc', 0), '');
  assert.equal(shorten('', 0), '');
});
