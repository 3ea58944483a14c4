/**
 * Pure maths for the stats chart: cleaning the series, "nice" axis ticks, time ticks, projecting
 * samples onto pixels, and the text alternative. No DOM; covered by
 * frontend/test/admin-chart-scale.test.js. Drawing is chart-view.js.
 */
import { formatCount, formatRate, toNumber } from './format.js';

/** Samples with a usable time, oldest first, at most `limit` (the newest ones). */
export function cleanSeries(series, limit = 1000) {
  if (!Array.isArray(series)) return [];
  const ok = series.filter((s) => s && toNumber(s.t) !== null).map((s) => ({
    t: toNumber(s.t),
    connections: toNumber(s.connections) ?? 0,
    rooms: toNumber(s.rooms) ?? 0,
    messagesInPerSecond: toNumber(s.messagesInPerSecond) ?? 0,
    messagesOutPerSecond: toNumber(s.messagesOutPerSecond) ?? 0,
  }));
  ok.sort((a, b) => a.t - b.t);
  return ok.length > limit ? ok.slice(ok.length - limit) : ok;
}

/** The smallest of 1, 2, 5 × 10^k that is >= `raw` (raw > 0). */
export function niceStep(raw) {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  for (const m of [1, 2, 5, 10]) {
    const step = m * base;
    // Tolerate floating-point noise (0.30000000000000004 is "0.3").
    if (step >= raw * (1 - 1e-9)) return Number(step.toPrecision(12));
  }
  return 10 * base;
}

/**
 * Ticks from 0 up to a round top that covers `max`, about `count` intervals. With `integer`, steps are
 * whole numbers (a count of connections has no halves). A max of 0 (an idle server) still gets an
 * axis, up to 1.
 */
export function niceTicks(max, { count = 4, integer = false } = {}) {
  const m = toNumber(max);
  const top0 = m !== null && m > 0 ? m : 1;
  let step = niceStep(top0 / count);
  if (integer) step = Math.max(1, Math.round(step));
  const top = Math.ceil(top0 / step - 1e-9) * step;
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * Axis labels for `ticks` (evenly spaced, from niceTicks) with just enough decimals to tell them
 * apart: steps of 0.05 get two ("0.05", "0.10"), whole steps none.
 */
export function tickLabels(ticks, locale) {
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  const decimals = Math.min(6, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  const f = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return ticks.map((v) => f.format(v));
}

const TIME_STEPS_MS = [10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

/**
 * Time ticks for the span [t0, t1], counted back from the newest sample t1 (which is "now" on a
 * live chart): at most `max` ticks, each {t, label}, oldest first. Labels are relative ("now",
 * "−30 s", "−5 min").
 */
export function timeTicks(t0, t1, max = 6) {
  if (!(t1 > t0)) return [{ t: t1, label: 'now' }];
  const span = t1 - t0;
  const step = TIME_STEPS_MS.find((s) => span / s <= max - 1) ?? TIME_STEPS_MS[TIME_STEPS_MS.length - 1];
  const ticks = [];
  for (let k = 0; t1 - k * step >= t0 - 1; k++) ticks.push({ t: t1 - k * step, label: relativeLabel(k * step) });
  return ticks.reverse();
}

export function relativeLabel(ms) {
  if (ms === 0) return 'now';
  if (ms < 60_000) return `−${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `−${Math.round(ms / 60_000)} min`;
  return `−${Math.round(ms / 3_600_000)} h`;
}

/**
 * A linear map from [d0, d1] to [r0, r1]. A zero-width domain maps everything to the middle of the
 * range (a single sample draws as a point, not NaN).
 */
export function linearScale(d0, d1, r0, r1) {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * The polyline points ("x,y x,y …", one decimal) for `key` of `samples` inside the plot box
 * {left, top, width, height}, with the y axis from 0 (bottom) to `yMax` (top) and x from the
 * first to the last sample's time.
 */
export function polylinePoints(samples, key, box, yMax) {
  if (samples.length === 0) return '';
  const x = linearScale(samples[0].t, samples[samples.length - 1].t, box.left, box.left + box.width);
  const y = linearScale(0, yMax > 0 ? yMax : 1, box.top + box.height, box.top);
  const r = (v) => Math.round(v * 10) / 10;
  return samples.map((s) => `${r(x(s.t))},${r(y(Math.max(0, s[key] ?? 0)))}`).join(' ');
}

/** The highest value of any of `keys` across `samples` (0 if none). */
export function maxOf(samples, keys) {
  let m = 0;
  for (const s of samples) for (const k of keys) if (s[k] > m) m = s[k];
  return m;
}

function stats(samples, key) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const s of samples) {
    const v = s[key];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { now: samples[samples.length - 1][key], min, max, mean: sum / samples.length };
}

/**
 * The chart's text alternative: the span covered and, per line, the latest, highest and average
 * values. One sentence per line so a screen reader can step through them.
 */
export function seriesSummary(samples, locale) {
  if (samples.length === 0) return 'No samples yet.';
  const spanMs = samples[samples.length - 1].t - samples[0].t;
  const span = spanMs >= 60_000 ? `${Math.round(spanMs / 60_000)} min` : `${Math.round(spanMs / 1000)} s`;
  const c = stats(samples, 'connections');
  const i = stats(samples, 'messagesInPerSecond');
  const o = stats(samples, 'messagesOutPerSecond');
  const n = samples.length;
  return [
    `${n} sample${n === 1 ? '' : 's'} over the last ${span}.`,
    `Connections: ${formatCount(c.now, locale)} now, highest ${formatCount(c.max, locale)}, lowest ${formatCount(c.min, locale)}.`,
    `Messages in: ${formatRate(i.now, locale)} per second now, highest ${formatRate(i.max, locale)}, average ${formatRate(i.mean, locale)}.`,
    `Messages out: ${formatRate(o.now, locale)} per second now, highest ${formatRate(o.max, locale)}, average ${formatRate(o.mean, locale)}.`,
  ].join(' ');
}
