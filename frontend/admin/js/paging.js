/**
 * Pure paging and sorting state for the admin tables (docs/admin-api.md: paged responses are
 * {items, page, size, total}, page 0-based, size 1-200). No DOM; covered by
 * frontend/test/admin-paging.test.js.
 */

export const MIN_SIZE = 1;
export const MAX_SIZE = 200;
export const DEFAULT_SIZE = 20;

/** The sort keys the rooms endpoint accepts, with the direction a first click on each picks. */
export const ROOM_SORTS = Object.freeze({ members: 'desc', activity: 'desc', name: 'asc' });

function int(value, fallback) {
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

export function clampSize(size) {
  return Math.min(MAX_SIZE, Math.max(MIN_SIZE, int(size, DEFAULT_SIZE)));
}

/**
 * Reads a paged response defensively and works out what the pager shows:
 * {items, page, size, total, pages, from, to, hasPrev, hasNext}. `from`/`to` are 1-based and
 * inclusive ("21–40 of 57"); an empty page has from = to = 0.
 */
export function pageInfo(body) {
  const items = Array.isArray(body?.items) ? body.items : [];
  const size = clampSize(body?.size);
  const total = Math.max(items.length, int(body?.total, items.length));
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.max(0, int(body?.page, 0));
  const from = items.length ? page * size + 1 : 0;
  const to = items.length ? page * size + items.length : 0;
  return { items, page, size, total, pages, from, to, hasPrev: page > 0, hasNext: (page + 1) * size < total };
}

/** "21–40 of 57" or "No rooms" style summary of a page. */
export function pageLabel(info, noun = 'items') {
  if (info.total === 0) return `No ${noun}`;
  if (info.from === 0) return `Page ${info.page + 1}: nothing here (${info.total} ${noun} in all)`;
  return `${info.from}–${info.to} of ${info.total}`;
}

/**
 * The page to load instead of the one `info` shows, or null to show it: when the page asked for
 * (`requested`, past the first) came back empty while rows exist (its rows went away: a room
 * closed, a connection dropped), the last page that has rows. Never a later page, so reloading
 * always ends.
 */
export function pageToReload(info, requested) {
  if (info.items.length > 0 || info.total === 0 || requested <= 0) return null;
  const last = Math.max(0, info.pages - 1);
  return last < requested ? last : null;
}

/**
 * The next sort state after a click on column `key`: the same column flips direction; another
 * column starts at its natural direction (busiest / latest first, names A–Z).
 */
export function nextSort(current, key, defaults = ROOM_SORTS) {
  if (!(key in defaults)) return current;
  if (current && current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: defaults[key] };
}

/** aria-sort value for a header: "ascending", "descending" or "none". */
export function ariaSort(current, key) {
  if (!current || current.key !== key) return 'none';
  return current.direction === 'asc' ? 'ascending' : 'descending';
}

/**
 * A query string from a plain object: skips null, undefined and blank strings; values are
 * URL-encoded. Returns "" or "?a=1&b=x".
 */
export function queryString(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined) continue;
    const s = String(v).trim();
    if (s === '') continue;
    q.set(k, s);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}
