/**
 * Pure input checks mirroring docs/protocol.md, so the page can refuse early with a clear message.
 * The server's limits come from GET /api/config (client-config.js loads them once, applyLimits
 * takes them); until then, or when that fails, the server's defaults below hold.
 */

/** The server's defaults, the fallback while GET /api/config loads (ClientConfigApiTests keeps them equal). */
export const DEFAULT_LIMITS = Object.freeze({
  maxTextLength: 2000,
  maxDanmakuLength: 100,
  maxRoomsPerConnection: 16,
  roomName: '[A-Za-z0-9_.-]{1,64}',
  historyPageMax: 200,
  auth: 'none',
});
export const MAX_NAME = 32;
export const COLOR = /^#[0-9A-Fa-f]{6}$/;
export const DANMAKU_MODES = Object.freeze(['scroll', 'top', 'bottom']);

let current = DEFAULT_LIMITS;
let roomPattern = wholeMatch(DEFAULT_LIMITS.roomName);

/** The limits in force: {maxTextLength, maxDanmakuLength, maxRoomsPerConnection, roomName, historyPageMax, auth}. */
export function limits() {
  return current;
}

/**
 * Takes the limits the server sent (the body of GET /api/config). Each value that is missing or
 * unusable (not a positive integer; a room-name pattern JavaScript cannot compile) keeps its
 * default, so a partial or odd answer never leaves the page without a limit. `applyLimits({})`
 * restores the defaults. Returns the limits now in force.
 */
export function applyLimits(config) {
  const c = config && typeof config === 'object' ? config : {};
  const next = {};
  for (const key of ['maxTextLength', 'maxDanmakuLength', 'maxRoomsPerConnection', 'historyPageMax']) {
    next[key] = Number.isSafeInteger(c[key]) && c[key] > 0 ? c[key] : DEFAULT_LIMITS[key];
  }
  const pattern = typeof c.roomName === 'string' && c.roomName ? wholeMatch(c.roomName) : null;
  next.roomName = pattern ? c.roomName : DEFAULT_LIMITS.roomName;
  // 'token': connections authenticate with a signed token (docs/protocol.md "Signed identities").
  next.auth = c.auth === 'token' ? 'token' : DEFAULT_LIMITS.auth;
  roomPattern = pattern ?? wholeMatch(DEFAULT_LIMITS.roomName);
  current = Object.freeze(next);
  return current;
}

/** The server matches the whole name (Java's matches()), code point by code point: anchored, `u`. */
function wholeMatch(source) {
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch {
    return null;
  }
}

export function isRoomName(name) {
  return typeof name === 'string' && roomPattern.test(name);
}

/** Length in code points, as the server counts (an emoji is one). */
export function codePointLength(text) {
  let n = 0;
  for (const _ of String(text)) n += 1;
  return n;
}

/**
 * Checks a message before sending: returns null when fine, else an error code of the server's
 * vocabulary ("bad_request" for empty, "too_long").
 */
export function checkText(text, kind = 'chat') {
  const trimmed = String(text ?? '').trim();
  if (trimmed.length === 0) return 'bad_request';
  const max = kind === 'danmaku' ? current.maxDanmakuLength : current.maxTextLength;
  return codePointLength(trimmed) > max ? 'too_long' : null;
}

export function isColor(value) {
  return typeof value === 'string' && COLOR.test(value);
}

/** A danmaku meta object the server accepts; unknown values fall back to defaults. */
export function danmakuMeta(color, mode) {
  return {
    color: isColor(color) ? color : '#ffffff',
    mode: DANMAKU_MODES.includes(mode) ? mode : 'scroll',
  };
}

/** An absolute http(s) URL (for the danmaku video), else null. */
export function httpUrl(value, base) {
  const raw = String(value ?? '').trim();
  if (!raw) return null;
  let url;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

/** Cleans a display name roughly as the server does (it has the last word). */
export function cleanName(raw) {
  const cleaned = Array.from(String(raw ?? ''))
    .filter((ch) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(ch))
    .join('')
    .trim()
    .replace(/\s+/g, ' ');
  return Array.from(cleaned).slice(0, MAX_NAME).join('').trim();
}

/** Avatar as the server keeps it: an http(s) URL, or a short token without spaces (an emoji). */
export function cleanAvatar(raw) {
  const a = String(raw ?? '').trim();
  if (!a || a.length > 512 || /\p{Cc}/u.test(a)) return '';
  if (a.startsWith('https://') || a.startsWith('http://')) return a;
  return codePointLength(a) <= 8 && !/\s/.test(a) ? a : '';
}

/** Up to two initials of a display name, for the avatar bubble. */
export function initials(name) {
  const words = String(name ?? '').trim().split(/[\s._-]+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = Array.from(words[0])[0] ?? '';
  const second = words.length > 1 ? (Array.from(words[words.length - 1])[0] ?? '') : '';
  return (first + second).toUpperCase() || '?';
}
