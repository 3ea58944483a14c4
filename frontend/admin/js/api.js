/**
 * The admin REST client (docs/admin-api.md). Credentials live in this object only (memory, never
 * storage) and go out as an `Authorization: Basic …` header on each fetch to /api/admin/*.
 *
 * Requests use `credentials: 'omit'`: the browser then neither reuses cached HTTP credentials nor
 * pops up its own login box when a 401 carries `WWW-Authenticate: Basic` (Fetch standard, HTTP-
 * network-or-cache fetch: the prompt only happens when credentials are included); the explicit
 * header is still sent. A 401 calls `onUnauthorized` so the page can go back to its sign-in form.
 *
 * Signing out aborts whatever is in flight; a response that arrives for an older sign-in is
 * dropped as an `ApiError` with `aborted` set, which views ignore.
 */
import { basicAuthorization, problemText } from './format.js';
import { queryString } from './paging.js';

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the server could not be reached, -1 when aborted
   * @param {object|null} problem the RFC 9457 ProblemDetail body, if any
   */
  constructor(status, problem, message) {
    super(message ?? problemText(problem, status));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get aborted() {
    return this.status === -1;
  }

  get unauthorized() {
    return this.status === 401;
  }
}

const seg = (v) => encodeURIComponent(String(v));

export class AdminApi {
  /**
   * @param {object} [o]
   * @param {typeof fetch} [o.fetch]
   * @param {string} [o.base] path prefix, '/api/admin'
   * @param {number} [o.timeoutMs] per request
   * @param {(e: ApiError) => void} [o.onUnauthorized]
   */
  constructor(o = {}) {
    this.fetch = o.fetch ?? ((...a) => globalThis.fetch(...a));
    this.base = o.base ?? '/api/admin';
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.onUnauthorized = o.onUnauthorized ?? (() => {});
    this.authorization = null;
    this.username = null;
    this.generation = 0;
    this.controllers = new Set();
  }

  get signedIn() {
    return this.authorization !== null;
  }

  /**
   * Checks the credentials with GET /stats and keeps them when accepted. Resolves to the stats;
   * rejects with an ApiError (401 for wrong credentials) and forgets them otherwise.
   */
  async signIn(username, password) {
    this.signOut();
    this.authorization = basicAuthorization(username, password);
    this.username = username;
    try {
      return await this.request('GET', '/stats', undefined, { quiet401: true });
    } catch (e) {
      this.signOut();
      throw e;
    }
  }

  /** Forgets the credentials and aborts requests in flight. */
  signOut() {
    this.authorization = null;
    this.username = null;
    this.generation++;
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
  }

  /**
   * One request. Resolves to the parsed JSON body, or null for an empty one (204). Rejects with an
   * ApiError carrying the ProblemDetail of a failed response.
   */
  async request(method, path, body, { quiet401 = false } = {}) {
    if (!this.authorization) throw new ApiError(-1, null, 'Signed out.');
    const generation = this.generation;
    const abort = new AbortController();
    this.controllers.add(abort);
    const timer = setTimeout(() => abort.abort(new DOMException('timeout', 'TimeoutError')), this.timeoutMs);
    const headers = { Accept: 'application/json, application/problem+json', Authorization: this.authorization };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    let parsed = null;
    try {
      res = await this.fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
        signal: abort.signal,
      });
      parsed = await readJson(res);
    } catch (e) {
      if (generation !== this.generation) throw new ApiError(-1, null, 'Signed out.');
      const timedOut = abort.signal.aborted;
      throw new ApiError(0, null, timedOut ? 'The server did not answer in time.' : 'The server could not be reached.');
    } finally {
      clearTimeout(timer);
      this.controllers.delete(abort);
    }
    if (generation !== this.generation) throw new ApiError(-1, null, 'Signed out.');
    if (res.ok) return parsed;
    const problem = parsed && typeof parsed === 'object' ? parsed : null;
    const error = new ApiError(res.status, problem);
    if (res.status === 401 && !quiet401) this.onUnauthorized(error);
    throw error;
  }

  // ---------------------------------------------------------------- the endpoints

  stats() {
    return this.request('GET', '/stats');
  }

  /** @param {{page?: number, size?: number, sort?: string, direction?: string}} q */
  rooms(q = {}) {
    return this.request('GET', `/rooms${queryString(q)}`);
  }

  roomNotice(room, text) {
    return this.request('POST', `/rooms/${seg(room)}/notices`, { text });
  }

  closeRoom(room) {
    return this.request('DELETE', `/rooms/${seg(room)}`);
  }

  /** @param {{maxMembers?: number, slowModeSeconds?: number, danmakuPerSecond?: number}} patch */
  roomSettings(room, patch) {
    return this.request('PATCH', `/rooms/${seg(room)}/settings`, patch);
  }

  /** @param {{page?: number, size?: number, user?: string, room?: string}} q */
  connections(q = {}) {
    return this.request('GET', `/connections${queryString(q)}`);
  }

  disconnect(id) {
    return this.request('DELETE', `/connections/${seg(id)}`);
  }

  noticeAll(text) {
    return this.request('POST', '/notices', { text });
  }
}

/** The body as JSON when there is one; null for 204, an empty body, or a body that is not JSON. */
async function readJson(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  if (!text) return null;
  if (!/json/i.test(type)) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
