import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ariaSort, clampSize, nextSort, pageInfo, pageLabel, pageToReload, queryString } from '../admin/js/paging.js';

const items = (n) => Array.from({ length: n }, (_, i) => ({ i }));

test('page info for a middle, last and empty page', () => {
  const mid = pageInfo({ items: items(20), page: 1, size: 20, total: 57 });
  assert.deepEqual({ ...mid, items: mid.items.length },
    { items: 20, page: 1, size: 20, total: 57, pages: 3, from: 21, to: 40, hasPrev: true, hasNext: true });
  assert.equal(pageLabel(mid, 'rooms'), '21–40 of 57');

  const last = pageInfo({ items: items(17), page: 2, size: 20, total: 57 });
  assert.equal(pageLabel(last), '41–57 of 57');
  assert.equal(last.hasNext, false);

  const empty = pageInfo({ items: [], page: 0, size: 20, total: 0 });
  assert.equal(pageLabel(empty, 'rooms'), 'No rooms');
  assert.equal(empty.hasPrev || empty.hasNext, false);
  assert.equal(empty.pages, 1);
});

test('an exact multiple of the page size has no next page', () => {
  const p = pageInfo({ items: items(20), page: 1, size: 20, total: 40 });
  assert.equal(p.hasNext, false);
  assert.equal(p.pages, 2);
});

test('a broken body reads as an empty first page', () => {
  for (const body of [null, undefined, {}, { items: 'x' }, { items: [], page: -3, size: 'big' }]) {
    const p = pageInfo(body);
    assert.equal(p.page, 0);
    assert.equal(p.items.length, 0);
    assert.equal(p.size, 20);
  }
  assert.equal(pageInfo({ items: items(3) }).total, 3, 'total never below what was received');
});

test('a page past the end says so', () => {
  assert.equal(pageLabel(pageInfo({ items: [], page: 5, size: 10, total: 12 }), 'rooms'), 'Page 6: nothing here (12 rooms in all)');
});

test('page size is clamped to the API range 1..200', () => {
  assert.equal(clampSize(0), 1);
  assert.equal(clampSize(500), 200);
  assert.equal(clampSize('50'), 50);
  assert.equal(clampSize('x'), 20);
});

test('a page emptied under the table (its last rows went away) reloads the last page that has rows', () => {
  // Page 2 of 10-row pages had 1 row; it went away: the server now has 20 rows, pages 0 and 1.
  assert.equal(pageToReload(pageInfo({ items: [], page: 2, size: 10, total: 20 }), 2), 1);
  // Many rows went away at once: straight to the new last page.
  assert.equal(pageToReload(pageInfo({ items: [], page: 5, size: 10, total: 12 }), 5), 1);
  // A page that still has rows, the first page, and an empty table are shown as they are.
  assert.equal(pageToReload(pageInfo({ items: [{}], page: 2, size: 10, total: 21 }), 2), null);
  assert.equal(pageToReload(pageInfo({ items: [], page: 0, size: 10, total: 0 }), 0), null);
  assert.equal(pageToReload(pageInfo({ items: [], page: 3, size: 10, total: 0 }), 3), null);
  // Never forward, so the reload always ends even when the server's answer is odd.
  assert.equal(pageToReload(pageInfo({ items: [], page: 1, size: 10, total: 50 }), 1), null);
});

test('sorting: a new column starts at its natural direction, the same column flips', () => {
  let s = { key: 'members', direction: 'desc' };
  s = nextSort(s, 'members');
  assert.deepEqual(s, { key: 'members', direction: 'asc' });
  s = nextSort(s, 'name');
  assert.deepEqual(s, { key: 'name', direction: 'asc' });
  s = nextSort(s, 'name');
  assert.deepEqual(s, { key: 'name', direction: 'desc' });
  s = nextSort(s, 'activity');
  assert.deepEqual(s, { key: 'activity', direction: 'desc' });
  assert.deepEqual(nextSort(s, 'bogus'), s, 'an unknown key changes nothing');
});

test('aria-sort follows the sort state', () => {
  const s = { key: 'name', direction: 'asc' };
  assert.equal(ariaSort(s, 'name'), 'ascending');
  assert.equal(ariaSort({ key: 'name', direction: 'desc' }, 'name'), 'descending');
  assert.equal(ariaSort(s, 'members'), 'none');
});

test('query strings skip blanks and encode values', () => {
  assert.equal(queryString({ page: 0, size: 20, user: '', room: null, x: undefined }), '?page=0&size=20');
  assert.equal(queryString({ user: 'a b&c', room: 'dash-room' }), '?user=a+b%26c&room=dash-room');
  assert.equal(queryString({}), '');
});
