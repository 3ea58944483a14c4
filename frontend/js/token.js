/**
 * Token mode (docs/protocol.md "Signed identities"): where the page finds the signed token its
 * embedding site gives it. The site opens the page with `#token=<jwt>` (a fragment never reaches a
 * server or its logs); the page keeps it in sessionStorage for reloads and removes it from the
 * address bar. A fresh token before expiry arrives from the embedding window as a message
 * `{type: 'roomwire:token', token}`.
 */
const KEY = 'roomwire.token';

/** The token from the URL fragment (then stored and stripped) or from this tab's storage; null if none. */
export function takeToken({ loc = globalThis.location, hist = globalThis.history, store = safeSession() } = {}) {
  const match = /(?:^#|&)token=([^&]+)/.exec(loc?.hash ?? '');
  if (match) {
    const token = decodeURIComponent(match[1]);
    store?.setItem(KEY, token);
    hist?.replaceState(null, '', `${loc.pathname}${loc.search}`);
    return token;
  }
  return store?.getItem(KEY) ?? null;
}

/** Keeps a token handed over later (a refresh) for reloads. */
export function keepToken(token, store = safeSession()) {
  store?.setItem(KEY, token);
}

/** The embedding window's token messages: `{type: 'roomwire:token', token: '<jwt>'}`. */
export function tokenFromMessage(data) {
  return data && typeof data === 'object' && data.type === 'roomwire:token' && typeof data.token === 'string'
    && data.token.length > 0 && data.token.length <= 8192 ? data.token : null;
}

function safeSession() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // storage blocked (e.g. third-party iframe rules): the fragment still works once
  }
}
