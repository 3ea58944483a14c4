import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdminApi, ApiError } from '../admin/js/api.js';

/** A fake fetch: records calls, answers from `respond(url, init)` (a Response or a promise of one). */
function fakeFetch(respond) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    return respond(url, init);
  };
  return { fetch, calls };
}

const json = (status, body, type = 'application/json') =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': type } });

const AUTH = `Basic ${Buffer.from('admin:secret').toString('base64')}`;

test('sign-in checks the credentials against /stats and sends them as Basic, without ambient credentials', async () => {
  const { fetch, calls } = fakeFetch(() => json(200, { connections: 2 }));
  const api = new AdminApi({ fetch });
  const stats = await api.signIn('admin', 'secret');
  assert.deepEqual(stats, { connections: 2 });
  assert.equal(api.signedIn, true);
  assert.equal(calls[0].url, '/api/admin/stats');
  assert.equal(calls[0].init.method, 'GET');
  assert.equal(calls[0].init.headers.Authorization, AUTH);
  assert.equal(calls[0].init.credentials, 'omit', 'no cached HTTP auth, no browser login prompt');
  assert.equal(calls[0].init.cache, 'no-store');
  assert.equal(calls[0].init.body, undefined);
});

test('wrong credentials: a 401 rejects, forgets them, and does not call onUnauthorized', async () => {
  let called = 0;
  const { fetch } = fakeFetch(() => json(401, { title: 'Unauthorized', status: 401 }, 'application/problem+json'));
  const api = new AdminApi({ fetch, onUnauthorized: () => called++ });
  await assert.rejects(api.signIn('admin', 'nope'), (e) => e instanceof ApiError && e.unauthorized);
  assert.equal(api.signedIn, false);
  assert.equal(called, 0);
});

test('a 401 later on calls onUnauthorized', async () => {
  let status = 200;
  let called = 0;
  const { fetch } = fakeFetch(() => json(status, status === 200 ? {} : null));
  const api = new AdminApi({ fetch, onUnauthorized: (e) => { called++; assert.equal(e.status, 401); } });
  await api.signIn('admin', 'secret');
  status = 401;
  await assert.rejects(api.rooms(), (e) => e.unauthorized);
  assert.equal(called, 1);
});

test('endpoints: paths, methods, query strings and bodies follow docs/admin-api.md', async () => {
  const { fetch, calls } = fakeFetch((url, init) => (init.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, { ok: true })));
  const api = new AdminApi({ fetch });
  await api.signIn('admin', 'secret');
  await api.rooms({ page: 2, size: 50, sort: 'activity', direction: 'asc' });
  await api.connections({ page: 0, size: 20, user: 'al ice', room: '' });
  assert.equal(await api.closeRoom('a.b'), null, '204 reads as null');
  await api.disconnect('c/1');
  await api.roomNotice('lobby', 'hi');
  await api.roomSettings('lobby', { slowModeSeconds: 5 });
  await api.noticeAll('maintenance');
  const seen = calls.slice(1).map((c) => [c.init.method, c.url, c.init.body ?? null, c.init.headers['Content-Type'] ?? null]);
  assert.deepEqual(seen, [
    ['GET', '/api/admin/rooms?page=2&size=50&sort=activity&direction=asc', null, null],
    ['GET', '/api/admin/connections?page=0&size=20&user=al+ice', null, null],
    ['DELETE', '/api/admin/rooms/a.b', null, null],
    ['DELETE', '/api/admin/connections/c%2F1', null, null],
    ['POST', '/api/admin/rooms/lobby/notices', '{"text":"hi"}', 'application/json'],
    ['PATCH', '/api/admin/rooms/lobby/settings', '{"slowModeSeconds":5}', 'application/json'],
    ['POST', '/api/admin/notices', '{"text":"maintenance"}', 'application/json'],
  ]);
  for (const c of calls) assert.equal(c.init.headers.Authorization, AUTH);
});

test('a failed action carries the ProblemDetail detail as its message', async () => {
  const { fetch } = fakeFetch((url) => (url.endsWith('/stats')
    ? json(200, {})
    : json(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No room named ghost', instance: '/api/admin/rooms/ghost' }, 'application/problem+json')));
  const api = new AdminApi({ fetch });
  await api.signIn('admin', 'secret');
  await assert.rejects(api.closeRoom('ghost'), (e) => e.status === 404 && e.message === 'No room named ghost' && e.problem.title === 'Not Found');
});

test('a non-JSON error body still gives a sentence', async () => {
  const { fetch } = fakeFetch((url) => (url.endsWith('/stats') ? json(200, {}) : new Response('<html>oops</html>', { status: 500, headers: { 'content-type': 'text/html' } })));
  const api = new AdminApi({ fetch });
  await api.signIn('admin', 'secret');
  await assert.rejects(api.rooms(), (e) => e.status === 500 && e.problem === null && e.message === 'The server failed (HTTP 500).');
});

test('a network failure is status 0', async () => {
  const api = new AdminApi({ fetch: async () => { throw new TypeError('Failed to fetch'); } });
  await assert.rejects(api.signIn('admin', 'x'), (e) => e.status === 0 && /could not be reached/.test(e.message));
});

test('signing out aborts requests in flight and drops late answers', async () => {
  let release;
  const { fetch } = fakeFetch((url, init) => (url.endsWith('/stats') && !release
    ? json(200, {})
    : new Promise((resolve, reject) => {
      release = () => resolve(json(200, { late: true }));
      init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    })));
  const api = new AdminApi({ fetch });
  await api.signIn('admin', 'secret');
  const pending = api.rooms();
  api.signOut();
  await assert.rejects(pending, (e) => e.aborted);
  assert.equal(api.signedIn, false);
  await assert.rejects(api.rooms(), (e) => e.aborted, 'nothing is sent once signed out');
});

test('a request that takes too long times out', async () => {
  const api = new AdminApi({
    timeoutMs: 20,
    fetch: (url, init) => new Promise((resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason))),
  });
  await assert.rejects(api.signIn('admin', 'x'), (e) => e.status === 0 && /in time/.test(e.message));
});
