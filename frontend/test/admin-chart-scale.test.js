import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cleanSeries, linearScale, maxOf, niceStep, niceTicks, polylinePoints, relativeLabel, seriesSummary, tickLabels, timeTicks,
} from '../admin/js/chart-scale.js';

const T = 1_700_000_000_000;
const sample = (i, c, mi, mo) => ({ t: T + i * 5000, connections: c, rooms: 1, messagesInPerSecond: mi, messagesOutPerSecond: mo });

test('nice steps are 1, 2 or 5 times a power of ten', () => {
  assert.equal(niceStep(0.7), 1);
  assert.equal(niceStep(1), 1);
  assert.equal(niceStep(1.2), 2);
  assert.equal(niceStep(3), 5);
  assert.equal(niceStep(7), 10);
  assert.equal(niceStep(0.03), 0.05);
  assert.equal(niceStep(0.1 + 0.2), 0.5);
  assert.equal(niceStep(0), 1);
  assert.equal(niceStep(NaN), 1);
});

test('ticks start at 0 and cover the maximum', () => {
  assert.deepEqual(niceTicks(37), [0, 10, 20, 30, 40]);
  assert.deepEqual(niceTicks(100), [0, 50, 100]);
  assert.deepEqual(niceTicks(2.4), [0, 1, 2, 3]);
  assert.deepEqual(niceTicks(0.3), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(niceTicks(0), [0, 0.5, 1], 'an idle server still gets an axis');
  assert.deepEqual(niceTicks(0, { integer: true }), [0, 1]);
  assert.deepEqual(niceTicks(2, { integer: true }), [0, 1, 2], 'no half connections');
  for (const max of [1, 3, 9, 11, 99, 101, 1234, 0.07]) {
    const t = niceTicks(max);
    assert.equal(t[0], 0);
    assert.ok(t[t.length - 1] >= max, `${max}: top ${t[t.length - 1]}`);
    assert.ok(t.length >= 2 && t.length <= 7, `${max}: ${t.length} ticks`);
  }
});

test('tick labels have just enough decimals to differ', () => {
  assert.deepEqual(tickLabels(niceTicks(0.2), 'en'), ['0.00', '0.05', '0.10', '0.15', '0.20']);
  assert.deepEqual(tickLabels(niceTicks(0.3), 'en'), ['0.0', '0.1', '0.2', '0.3']);
  assert.deepEqual(tickLabels(niceTicks(37), 'en'), ['0', '10', '20', '30', '40']);
  assert.deepEqual(tickLabels(niceTicks(12000), 'en'), ['0', '5,000', '10,000', '15,000']);
  assert.deepEqual(tickLabels([0], 'en'), ['0']);
  for (const max of [0.013, 0.2, 0.7, 3, 42, 999]) {
    const labels = tickLabels(niceTicks(max), 'en');
    assert.equal(new Set(labels).size, labels.length, `${max}: ${labels}`);
  }
});

test('the series is cleaned, sorted oldest first and capped', () => {
  const s = cleanSeries([sample(2, 3, 1, 1), null, { t: 'x' }, sample(1, 2, '0.5', 1), { t: T, connections: 'bad' }]);
  assert.deepEqual(s.map((p) => p.t), [T, T + 5000, T + 10000]);
  assert.equal(s[0].connections, 0, 'a bad value reads as 0');
  assert.equal(s[1].messagesInPerSecond, 0.5);
  assert.deepEqual(cleanSeries('nope'), []);
  assert.equal(cleanSeries(Array.from({ length: 10 }, (_, i) => sample(i, i, 0, 0)), 4)[0].connections, 6, 'keeps the newest');
});

test('time ticks count back from the newest sample', () => {
  const ticks = timeTicks(T, T + 15 * 60_000, 6);
  assert.deepEqual(ticks.map((t) => t.label), ['−15 min', '−10 min', '−5 min', 'now']);
  assert.equal(ticks[ticks.length - 1].t, T + 15 * 60_000);
  assert.deepEqual(timeTicks(T, T + 60_000, 6).map((t) => t.label), ['−1 min', '−30 s', 'now']);
  assert.deepEqual(timeTicks(T, T), [{ t: T, label: 'now' }]);
  assert.ok(timeTicks(T, T + 15 * 60_000, 3).length <= 3);
});

test('relative labels', () => {
  assert.equal(relativeLabel(0), 'now');
  assert.equal(relativeLabel(30_000), '−30 s');
  assert.equal(relativeLabel(600_000), '−10 min');
  assert.equal(relativeLabel(7_200_000), '−2 h');
});

test('linear scale, including a zero-width domain', () => {
  const y = linearScale(0, 10, 100, 0);
  assert.equal(y(0), 100);
  assert.equal(y(5), 50);
  assert.equal(y(10), 0);
  assert.equal(linearScale(3, 3, 0, 100)(3), 50);
});

test('polyline points map time to x and value to y (0 at the bottom)', () => {
  const samples = cleanSeries([sample(0, 0, 0, 0), sample(1, 5, 0, 0), sample(2, 10, 0, 0)]);
  const box = { left: 40, top: 10, width: 200, height: 100 };
  assert.equal(polylinePoints(samples, 'connections', box, 10), '40,110 140,60 240,10');
  assert.equal(polylinePoints([], 'connections', box, 10), '');
  assert.equal(polylinePoints(samples.slice(0, 1), 'connections', box, 10), '140,110', 'one sample sits in the middle');
});

test('maxOf looks across keys', () => {
  const samples = cleanSeries([sample(0, 1, 4, 2), sample(1, 3, 1, 9)]);
  assert.equal(maxOf(samples, ['messagesInPerSecond', 'messagesOutPerSecond']), 9);
  assert.equal(maxOf([], ['connections']), 0);
});

test('the text alternative states span, latest, highest and average', () => {
  const samples = cleanSeries(Array.from({ length: 181 }, (_, i) => sample(i, i === 90 ? 7 : 2, 1, i === 180 ? 3.5 : 2)));
  const text = seriesSummary(samples, 'en');
  assert.match(text, /^181 samples over the last 15 min\./);
  assert.match(text, /Connections: 2 now, highest 7, lowest 2\./);
  assert.match(text, /Messages in: 1 per second now, highest 1, average 1\./);
  assert.match(text, /Messages out: 3\.5 per second now, highest 3\.5, average 2\.0\./);
  assert.equal(seriesSummary([]), 'No samples yet.');
  assert.match(seriesSummary(cleanSeries([sample(0, 1, 0, 0)]), 'en'), /^1 sample over the last 0 s\./);
});
