import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Poller } from '../admin/js/poller.js';

/** Manual timers: advance() fires due callbacks in order. */
function fakeTimers() {
  let now = 0;
  let id = 0;
  const due = new Map();
  return {
    setTimeout(fn, ms) { due.set(++id, { at: now + ms, fn }); return id; },
    clearTimeout(i) { due.delete(i); },
    pending: () => due.size,
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > end) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
        await flush();
      }
      now = end;
    },
  };
}

class FakeDocument extends EventTarget {
  hidden = false;
  setHidden(v) { this.hidden = v; this.dispatchEvent(new Event('visibilitychange')); }
}

const flush = () => new Promise((r) => setImmediate(r));

test('runs at once, then every interval after the previous run', async () => {
  const timers = fakeTimers();
  const doc = new FakeDocument();
  let runs = 0;
  const p = new Poller({ task: async () => { runs++; }, intervalMs: 5000, doc, timers });
  p.start();
  await flush();
  assert.equal(runs, 1);
  await timers.advance(4999);
  assert.equal(runs, 1);
  await timers.advance(1);
  assert.equal(runs, 2);
  await timers.advance(10_000);
  assert.equal(runs, 4);
  p.stop();
  await timers.advance(20_000);
  assert.equal(runs, 4);
  assert.equal(timers.pending(), 0);
});

test('pauses while hidden and runs at once when shown again', async () => {
  const timers = fakeTimers();
  const doc = new FakeDocument();
  let runs = 0;
  const p = new Poller({ task: async () => { runs++; }, intervalMs: 5000, doc, timers });
  p.start();
  await flush();
  doc.setHidden(true);
  assert.equal(p.paused, true);
  await timers.advance(60_000);
  assert.equal(runs, 1, 'nothing while hidden');
  assert.equal(timers.pending(), 0);
  doc.setHidden(false);
  await flush();
  assert.equal(runs, 2, 'catches up as soon as visible');
  await timers.advance(5000);
  assert.equal(runs, 3);
  p.stop();
});

test('never runs two at once; a runNow during a run runs once right after', async () => {
  const timers = fakeTimers();
  const doc = new FakeDocument();
  let active = 0;
  let most = 0;
  let runs = 0;
  let finish = [];
  const p = new Poller({
    task: () => new Promise((resolve) => { active++; runs++; most = Math.max(most, active); finish.push(() => { active--; resolve(); }); }),
    intervalMs: 5000, doc, timers,
  });
  p.start();
  await flush();
  p.runNow();
  p.runNow();
  await flush();
  assert.equal(runs, 1);
  finish.shift()();
  await flush();
  assert.equal(runs, 2, 'the asked-for run follows');
  finish.shift()();
  await flush();
  assert.equal(most, 1);
  assert.equal(timers.pending(), 1, 'then back to the interval');
  p.stop();
});

test('a failing task does not stop the polling', async () => {
  const timers = fakeTimers();
  let runs = 0;
  const p = new Poller({ task: async () => { runs++; throw new Error('boom'); }, intervalMs: 1000, doc: new FakeDocument(), timers });
  p.start();
  await flush();
  await timers.advance(3000);
  assert.equal(runs, 4);
  p.stop();
});

test('stop during a run schedules nothing more', async () => {
  const timers = fakeTimers();
  let finish;
  const p = new Poller({ task: () => new Promise((r) => { finish = r; }), intervalMs: 1000, doc: new FakeDocument(), timers });
  p.start();
  await flush();
  p.stop();
  finish();
  await flush();
  assert.equal(timers.pending(), 0);
});
