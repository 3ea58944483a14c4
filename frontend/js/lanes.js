/**
 * Pure danmaku lane maths (no DOM, no clock): times are in ms, distances in px.
 *
 * A scrolling comment enters at the stage's right edge (its left side at x = stageWidth) and moves
 * left at a constant `speed` (px/ms) until its right side passes x = 0. Two comments in one lane never
 * overlap when, with `prev` started earlier:
 *   1. prev has moved at least its own width plus `gap`, so its tail has cleared the entry edge; and
 *   2. if `next` is faster, it cannot reach prev's tail before prev has left the stage: by the time
 *      prev's tail reaches x = 0, next's head is still at least `gap` right of it.
 * The distance between next's head and prev's tail is linear in time, so checking the two ends of
 * the interval (now, and the moment prev leaves) is enough.
 */

export const DEFAULT_GAP = 16;

/** ms the comment needs to cross: from x = stageWidth to x = -width. */
export function travelTime(item, stageWidth) {
  return (stageWidth + item.width) / item.speed;
}

/**
 * Speed in px/ms. Every comment crosses in about `durationMs`, so longer (wider) text moves faster,
 * as on the usual danmaku sites; very long ones are capped at `maxFactor` times the shortest speed.
 */
export function scrollSpeed(width, stageWidth, { durationMs = 7000, maxFactor = 2 } = {}) {
  const w = Math.max(0, width);
  const s = Math.max(1, stageWidth);
  const base = s / durationMs;
  return Math.min((s + w) / durationMs, base * maxFactor);
}

/** True when `next` (started at next.start) may use the lane whose last comment is `prev`. */
export function canFollow(prev, next, stageWidth, gap = DEFAULT_GAP) {
  if (!prev) return true;
  const elapsed = next.start - prev.start;
  if (elapsed < 0) return false;
  if (prev.speed * elapsed < prev.width + gap) return false; // 1. tail not clear of the entry edge yet
  if (next.speed <= prev.speed) return true; // not faster: the distance only grows
  const remaining = travelTime(prev, stageWidth) - elapsed; // ms until prev is off the stage
  if (remaining <= 0) return true;
  return next.speed * remaining <= stageWidth - gap; // 2. next's head still >= gap right of x = 0
}

/** How many lanes to use: `density` (0..1] of the stage height, at most `maxLanes`, at least 1. */
export function laneCount(stageHeight, laneHeight, density = 1, maxLanes = Infinity) {
  if (!(stageHeight > 0) || !(laneHeight > 0)) return 0;
  const d = Math.min(1, Math.max(0, density));
  const n = Math.floor((stageHeight * d) / laneHeight);
  return Math.max(1, Math.min(maxLanes, n));
}

/** Lanes of right-to-left comments: first free lane from the top, or -1 when all are busy. */
export class ScrollLanes {
  constructor(count = 0, gap = DEFAULT_GAP) {
    this.gap = gap;
    this.last = [];
    this.setCount(count);
  }

  setCount(count) {
    const n = Math.max(0, Math.floor(count));
    this.last.length = n;
    for (let i = 0; i < n; i++) if (this.last[i] === undefined) this.last[i] = null;
  }

  get count() {
    return this.last.length;
  }

  /** item: {start, width, speed}. Returns the lane index, or -1 (the caller drops the comment). */
  allocate(item, stageWidth) {
    for (let i = 0; i < this.last.length; i++) {
      if (canFollow(this.last[i], item, stageWidth, this.gap)) {
        this.last[i] = item;
        return i;
      }
    }
    return -1;
  }

  clear() {
    this.last.fill(null);
  }
}

/** Lanes of fixed (top or bottom) comments: a lane is busy until its comment's time is over. */
export class FixedLanes {
  constructor(count = 0) {
    this.until = [];
    this.setCount(count);
  }

  setCount(count) {
    const n = Math.max(0, Math.floor(count));
    this.until.length = n;
    for (let i = 0; i < n; i++) if (this.until[i] === undefined) this.until[i] = -Infinity;
  }

  get count() {
    return this.until.length;
  }

  /** Lane 0 is the outermost (top lane for `top`, bottom lane for `bottom`); -1 when all are busy. */
  allocate(now, durationMs) {
    for (let i = 0; i < this.until.length; i++) {
      if (this.until[i] <= now) {
        this.until[i] = now + durationMs;
        return i;
      }
    }
    return -1;
  }

  release(lane) {
    if (lane >= 0 && lane < this.until.length) this.until[lane] = -Infinity;
  }

  clear() {
    this.until.fill(-Infinity);
  }
}

/** Rough text width when nothing can measure it: wide (CJK, emoji) glyphs count 1 em, others 0.6 em. */
export function estimateTextWidth(text, fontPx) {
  let em = 0;
  for (const ch of String(text)) {
    const cp = ch.codePointAt(0);
    em += isWide(cp) ? 1 : 0.6;
  }
  return Math.ceil(em * fontPx);
}

function isWide(cp) {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
    || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
}
