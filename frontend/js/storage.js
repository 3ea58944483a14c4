/** Preferences kept in localStorage (name, avatar, last session token, open rooms, danmaku settings). */
const PREFIX = 'roomwire.';

function read(key, fallback) {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + key);
    return raw === null || raw === undefined ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    if (value === undefined || value === null) globalThis.localStorage?.removeItem(PREFIX + key);
    else globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // private mode or quota: preferences are a convenience only
  }
}

export const prefs = {
  get name() { return read('name', ''); },
  set name(v) { write('name', v); },
  get avatar() { return read('avatar', ''); },
  set avatar(v) { write('avatar', v); },
  get session() { return read('session', ''); },
  set session(v) { write('session', v); },
  get rooms() { const r = read('rooms', []); return Array.isArray(r) ? r.filter((x) => typeof x === 'string') : []; },
  set rooms(v) { write('rooms', v); },
  get guest() { return read('guest', false) === true; },
  set guest(v) { write('guest', v ? true : null); },
  get active() { return read('active', ''); },
  set active(v) { write('active', v); },
  get danmaku() { const d = read('danmaku', {}); return d && typeof d === 'object' ? d : {}; },
  set danmaku(v) { write('danmaku', v); },
};
