import { test } from 'node:test';
import assert from 'node:assert/strict';
import { takeToken, keepToken, tokenFromMessage } from '../js/token.js';

class MemoryStore {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
}

test('a #token= fragment is taken, kept for reloads and removed from the address bar', () => {
  const store = new MemoryStore();
  const replaced = [];
  const loc = { hash: '#token=a.b%2Bc&x=1', pathname: '/', search: '?debug' };
  const hist = { replaceState: (...a) => replaced.push(a[2]) };
  assert.equal(takeToken({ loc, hist, store }), 'a.b+c');
  assert.deepEqual(replaced, ['/?debug']);
  assert.equal(takeToken({ loc: { hash: '', pathname: '/', search: '' }, hist, store }), 'a.b+c', 'after a reload');
});

test('no fragment and nothing stored: no token (a guest)', () => {
  assert.equal(takeToken({ loc: { hash: '', pathname: '/', search: '' }, hist: null, store: new MemoryStore() }), null);
  assert.equal(takeToken({ loc: { hash: '#room=x', pathname: '/', search: '' }, hist: null, store: null }), null);
});

test('a refreshed token is kept; only well-formed token messages count', () => {
  const store = new MemoryStore();
  keepToken('fresh', store);
  assert.equal(store.getItem('roomwire.token'), 'fresh');
  assert.equal(tokenFromMessage({ type: 'roomwire:token', token: 't' }), 't');
  assert.equal(tokenFromMessage({ type: 'other', token: 't' }), null);
  assert.equal(tokenFromMessage({ type: 'roomwire:token', token: '' }), null);
  assert.equal(tokenFromMessage({ type: 'roomwire:token', token: 'x'.repeat(8193) }), null);
  assert.equal(tokenFromMessage('roomwire:token'), null);
});
