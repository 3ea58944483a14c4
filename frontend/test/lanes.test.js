import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canFollow, scrollSpeed, travelTime, laneCount, ScrollLanes, FixedLanes, estimateTextWidth, DEFAULT_GAP,
} from '../js/lanes.js';

const W = 1000; // stage width, px

/** Simulates two comments and reports whether they ever overlap while both are on the stage. */
function overlaps(prev, next, stageWidth, gap = 0) {
  const end = Math.max(prev.start + travelTime(prev, stageWidth), next.start + travelTime(next, stageWidth));
  for (let t = next.start; t <= end; t += 1) {
    const prevHead = stageWidth - prev.speed * (t - prev.start);
    const prevTail = prevHead + prev.width;
    const nextHead = stageWidth - next.speed * (t - next.start);
    const prevVisible = prevTail > 0;
    if (prevVisible && nextHead < prevTail + gap - 1e-9 && nextHead < stageWidth) return true;
  }
  return false;
}

test('an empty lane is always free', () => {
  assert.equal(canFollow(null, { start: 0, width: 100, speed: 0.2 }, W), true);
});

test('a lane is busy until the previous comment has moved its width plus the gap', () => {
  const prev = { start: 0, width: 200, speed: 0.2 };
  const at = (start) => ({ start, width: 200, speed: 0.2 });
  const needed = (200 + DEFAULT_GAP) / 0.2; // 1080 ms
  assert.equal(canFollow(prev, at(needed - 1), W), false);
  assert.equal(canFollow(prev, at(needed), W), true);
});

test('a faster comment must wait until it cannot catch the slower one', () => {
  const prev = { start: 0, width: 100, speed: 0.15 };
  const fast = (start) => ({ start, width: 400, speed: 0.3 });
  // tail clears the edge after (100+16)/0.15 = 773 ms, but the fast one would catch up then
  assert.equal(canFollow(prev, fast(800), W), false);
  assert.equal(overlaps(prev, fast(800), W), true, 'the simulation agrees it would overlap');
  // prev leaves at (1000+100)/0.15 = 7333.3 ms; fast needs (1000-16)/0.3 = 3280 ms to reach x = 16
  assert.equal(canFollow(prev, fast(7334 - 3280), W), true);
  assert.equal(overlaps(prev, fast(7334 - 3280), W), false);
});

test('a slower or equal comment may follow as soon as the tail is clear', () => {
  const prev = { start: 0, width: 100, speed: 0.3 };
  const slow = { start: (100 + DEFAULT_GAP) / 0.3, width: 50, speed: 0.1 };
  assert.equal(canFollow(prev, slow, W), true);
  assert.equal(overlaps(prev, slow, W), false);
});

test('canFollow never admits an overlapping pair (randomised against a simulation)', () => {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 300; i++) {
    const prev = { start: 0, width: 20 + rnd() * 500, speed: 0.05 + rnd() * 0.4 };
    const next = { start: rnd() * 9000, width: 20 + rnd() * 500, speed: 0.05 + rnd() * 0.4 };
    if (canFollow(prev, next, W, 0)) assert.equal(overlaps(prev, next, W, 0), false, JSON.stringify({ prev, next }));
  }
});

test('comments started earlier than the lane occupant are refused', () => {
  assert.equal(canFollow({ start: 100, width: 10, speed: 1 }, { start: 50, width: 10, speed: 1 }, W), false);
});

test('speed grows with text width and is capped', () => {
  const short = scrollSpeed(50, W);
  const long = scrollSpeed(500, W);
  assert.ok(long > short);
  assert.equal(scrollSpeed(0, W, { durationMs: 5000 }), W / 5000);
  assert.equal(scrollSpeed(10_000, W, { durationMs: 5000, maxFactor: 2 }), (2 * W) / 5000);
  assert.ok(Math.abs(travelTime({ width: 500, speed: long }, W) - 7000) < 1e-6, 'crosses in the nominal duration');
});

test('laneCount uses the density fraction, the lane cap and at least one lane', () => {
  assert.equal(laneCount(400, 40, 1), 10);
  assert.equal(laneCount(400, 40, 0.5), 5);
  assert.equal(laneCount(400, 40, 1, 6), 6);
  assert.equal(laneCount(400, 40, 0.01), 1);
  assert.equal(laneCount(0, 40, 1), 0, 'no stage, no lanes');
  assert.equal(laneCount(400, 40, 7), 10, 'density is clamped to 1');
});

test('ScrollLanes fills lanes top-down and refuses when all are busy', () => {
  const lanes = new ScrollLanes(3);
  const item = (start) => ({ start, width: 100, speed: 0.2 });
  assert.deepEqual([lanes.allocate(item(0), W), lanes.allocate(item(0), W), lanes.allocate(item(0), W)], [0, 1, 2]);
  assert.equal(lanes.allocate(item(10), W), -1);
  assert.equal(lanes.allocate(item(600), W), 0, 'lane 0 frees first once the tail is clear');
  lanes.setCount(1);
  assert.equal(lanes.count, 1);
  lanes.clear();
  assert.equal(lanes.allocate(item(600), W), 0);
});

test('ScrollLanes never lets two comments of a lane overlap under a 50/s burst', () => {
  const lanes = new ScrollLanes(8);
  const byLane = new Map();
  let placed = 0;
  let dropped = 0;
  for (let i = 0; i < 500; i++) {
    const width = 30 + ((i * 37) % 400);
    const item = { start: i * 20, width, speed: scrollSpeed(width, W) };
    const lane = lanes.allocate(item, W);
    if (lane < 0) { dropped++; continue; }
    placed++;
    const prev = byLane.get(lane);
    if (prev) assert.equal(overlaps(prev, item, W, 0), false, `lane ${lane} item ${i}`);
    byLane.set(lane, item);
  }
  assert.ok(placed > 50 && dropped > 0, `placed ${placed}, dropped ${dropped}`);
});

test('FixedLanes stack and free after their duration', () => {
  const lanes = new FixedLanes(2);
  assert.equal(lanes.allocate(0, 4000), 0);
  assert.equal(lanes.allocate(100, 4000), 1);
  assert.equal(lanes.allocate(200, 4000), -1);
  assert.equal(lanes.allocate(4000, 4000), 0, 'lane 0 is free again at 4 s');
  lanes.release(1);
  assert.equal(lanes.allocate(4001, 4000), 1);
  lanes.clear();
  assert.equal(lanes.allocate(4002, 4000), 0);
});

test('text width estimate counts wide glyphs as 1 em', () => {
  assert.equal(estimateTextWidth('abcde', 20), 60);
  assert.equal(estimateTextWidth('弾幕', 20), 40);
  assert.equal(estimateTextWidth('😀a', 10), 16);
});
