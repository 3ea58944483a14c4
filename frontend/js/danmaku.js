/**
 * The danmaku stage: comments fly right-to-left across a backdrop (an animated CSS scene, or a video)
 * in lanes that never overlap (lanes.js), or sit centred at the top / bottom for ~4 s.
 *
 * Built for bursts of 50 comments/s: no layout reads per comment (text is measured on a canvas, the
 * stage size comes from a ResizeObserver), motion is a compositor-only transform animated with the
 * Web Animations API, at most `maxNodes` comments are live, a comment with no free lane waits briefly
 * in a bounded queue and is then dropped (counted in `stats`), finished nodes are recycled, and
 * everything pauses while the page is hidden.
 * Text is only ever set with textContent.
 */
import { ScrollLanes, FixedLanes, laneCount, scrollSpeed, estimateTextWidth } from './lanes.js';
import { isColor, DANMAKU_MODES } from './validate.js';

export const DANMAKU_DEFAULTS = Object.freeze({
  maxNodes: 150,
  fixedMs: 4000,
  durationMs: 7000,
  density: 0.75,
  maxLanes: 24,
  poolSize: 64,
  maxQueue: 60,
  maxWaitMs: 1500,
});

export class DanmakuStage {
  /**
   * @param {{stage: HTMLElement, layer: HTMLElement, video?: HTMLVideoElement}} els
   * @param {Partial<typeof DANMAKU_DEFAULTS>} [options]
   */
  constructor({ stage, layer, video }, options = {}) {
    this.options = { ...DANMAKU_DEFAULTS, ...options };
    this.stage = stage;
    this.layer = layer;
    this.video = video ?? null;
    this.density = this.options.density;
    this.enabled = false;
    this.width = 0;
    this.height = 0;
    this.laneHeight = 28;
    this.font = '600 20px sans-serif';
    this.fontPx = 20;
    this.scroll = new ScrollLanes(0);
    this.top = new FixedLanes(0);
    this.bottom = new FixedLanes(0);
    this.live = new Set();
    this.waiting = [];
    this.frame = null;
    this.pool = [];
    this.pausedAt = null;
    this.pausedTotal = 0;
    this.videoWasPlaying = false;
    this.stats = { shown: 0, dropped: 0 };
    this.ctx = document.createElement('canvas').getContext('2d');

    this.onVisibility = () => (document.hidden ? this.pause() : this.resume());
    document.addEventListener('visibilitychange', this.onVisibility);
    this.resizeObserver = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      this.#resize(box.width, box.height);
    });
    this.resizeObserver.observe(stage);
  }

  /** Stage time in ms, frozen while paused so lane bookkeeping matches the paused animations. */
  clock() {
    return (this.pausedAt ?? performance.now()) - this.pausedTotal;
  }

  get paused() {
    return this.pausedAt !== null;
  }

  setEnabled(on) {
    this.enabled = Boolean(on);
    if (!this.enabled) {
      this.clear();
      if (this.video && !this.video.paused) this.video.pause();
    } else {
      this.#readFont();
      if (document.hidden) this.pause();
    }
  }

  /** Fraction (0.1-1) of the stage height that lanes may use. */
  setDensity(fraction) {
    const d = Number(fraction);
    this.density = Number.isFinite(d) ? Math.min(1, Math.max(0.1, d)) : this.options.density;
    this.#updateLanes();
  }

  /**
   * Shows one danmaku `message` ({text, meta: {color, mode}}). Returns true when shown or queued,
   * false when dropped (stage off or hidden, too many live nodes, or the short wait queue is full).
   * A comment with no free lane waits up to `maxWaitMs` for one, so bursts spread out instead of
   * piling up; the queue holds at most `maxQueue`.
   */
  add(message) {
    const text = String(message?.text ?? '').trim();
    if (!this.enabled || this.paused || !text || this.width <= 0 || this.height <= 0) return this.#drop();
    const item = { text, meta: message.meta ?? {}, at: this.clock() };
    if (this.waiting.length === 0 && this.#place(item)) return true;
    if (this.waiting.length >= this.options.maxQueue) return this.#drop();
    this.waiting.push(item);
    this.#pump();
    return true;
  }

  /** Tries queued comments once per frame until the queue is empty (or the stage pauses). */
  #pump() {
    if (this.frame !== null || this.paused) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      if (this.paused) return; // resume() pumps again
      const now = this.clock();
      const still = [];
      for (const item of this.waiting) {
        if (now - item.at > this.options.maxWaitMs) this.#drop();
        else if (!this.#place(item)) still.push(item);
      }
      this.waiting = still;
      if (still.length) this.#pump();
    });
  }

  /** Puts one comment on the stage now; false when it has no free lane or the node cap is reached. */
  #place({ text, meta }) {
    if (this.live.size >= this.options.maxNodes) return false;
    const mode = DANMAKU_MODES.includes(meta.mode) ? meta.mode : 'scroll';
    const color = isColor(meta.color) ? meta.color : '#ffffff';
    const now = this.clock();
    const width = this.#measure(text);

    let lane;
    let keyframes;
    let duration;
    if (mode === 'scroll') {
      const speed = scrollSpeed(width, this.width, { durationMs: this.options.durationMs });
      lane = this.scroll.allocate({ start: now, width, speed }, this.width);
      duration = (this.width + width) / speed;
      keyframes = [
        { transform: `translate3d(${this.width}px, 0, 0)` },
        { transform: `translate3d(${-width}px, 0, 0)` },
      ];
    } else {
      lane = (mode === 'top' ? this.top : this.bottom).allocate(now, this.options.fixedMs);
      duration = this.options.fixedMs;
      keyframes = [
        { opacity: 0 }, { opacity: 1, offset: 0.04 }, { opacity: 1, offset: 0.9 }, { opacity: 0 },
      ];
    }
    if (lane < 0) return false;

    const el = this.pool.pop() ?? document.createElement('span');
    el.className = `danmaku danmaku-${mode}${isDark(color) ? ' danmaku-dark' : ''}`;
    el.dataset.testid = 'danmaku';
    el.dataset.mode = mode;
    el.dataset.lane = String(lane);
    el.textContent = text;
    el.style.color = color;
    const y = mode === 'bottom' ? this.height - (lane + 1) * this.laneHeight : lane * this.laneHeight;
    el.style.top = `${Math.max(0, y)}px`;
    if (mode === 'scroll') el.style.transform = `translate3d(${this.width}px, 0, 0)`; // no flash at x = 0
    this.layer.append(el);

    const entry = { el, anim: null, timer: null };
    this.live.add(entry);
    if (typeof el.animate === 'function') {
      entry.anim = el.animate(keyframes, { duration, easing: 'linear', fill: 'forwards' });
      entry.anim.onfinish = () => this.#recycle(entry);
      entry.anim.oncancel = () => this.#recycle(entry);
    } else {
      entry.timer = setTimeout(() => this.#recycle(entry), duration);
    }
    this.stats.shown += 1;
    return true;
  }

  /** Removes every live and waiting comment and frees all lanes. */
  clear() {
    this.waiting = [];
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    for (const entry of [...this.live]) this.#recycle(entry);
    this.scroll.clear();
    this.top.clear();
    this.bottom.clear();
  }

  pause() {
    if (this.paused) return;
    this.pausedAt = performance.now();
    for (const { anim } of this.live) anim?.pause();
    if (this.video && !this.video.paused) {
      this.videoWasPlaying = true;
      this.video.pause();
    }
  }

  resume() {
    if (!this.paused) return;
    this.pausedTotal += performance.now() - this.pausedAt;
    this.pausedAt = null;
    for (const { anim } of this.live) anim?.play();
    if (this.waiting.length) this.#pump();
    if (this.video && this.videoWasPlaying && this.enabled) this.video.play().catch(() => {});
    this.videoWasPlaying = false;
  }

  /** Plays `url` (already validated http(s)) behind the comments, or returns to the CSS backdrop (null). */
  setVideo(url) {
    if (!this.video) return;
    if (!url) {
      this.video.pause();
      this.video.removeAttribute('src');
      this.video.load();
      this.video.hidden = true;
      this.stage.classList.remove('has-video');
      return;
    }
    this.video.src = url;
    this.video.hidden = false;
    this.stage.classList.add('has-video');
    if (this.enabled && !document.hidden) this.video.play().catch(() => {}); // autoplay may need a click
  }

  destroy() {
    this.clear();
    this.resizeObserver.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  // ---------------------------------------------------------------- internals

  #drop() {
    this.stats.dropped += 1;
    return false;
  }

  #recycle(entry) {
    if (!this.live.delete(entry)) return;
    if (entry.timer) clearTimeout(entry.timer);
    const { el, anim } = entry;
    if (anim) {
      anim.onfinish = null;
      anim.oncancel = null;
      anim.cancel();
    }
    el.remove();
    el.style.transform = '';
    if (this.pool.length < this.options.poolSize) this.pool.push(el);
  }

  #measure(text) {
    if (this.ctx) {
      this.ctx.font = this.font;
      return Math.ceil(this.ctx.measureText(text).width) + 6; // + text-shadow
    }
    return estimateTextWidth(text, this.fontPx) + 6;
  }

  #readFont() {
    const cs = getComputedStyle(this.layer);
    const px = parseFloat(cs.fontSize) || 20;
    this.fontPx = px;
    this.font = `${cs.fontStyle} ${cs.fontWeight} ${px}px ${cs.fontFamily}`;
    const lh = parseFloat(cs.lineHeight);
    this.laneHeight = Math.ceil(Number.isFinite(lh) ? lh : px * 1.35);
  }

  #resize(width, height) {
    this.width = Math.floor(width);
    this.height = Math.floor(height);
    this.#readFont();
    this.#updateLanes();
  }

  #updateLanes() {
    const n = laneCount(this.height, this.laneHeight, this.density, this.options.maxLanes);
    this.scroll.setCount(n);
    // Fixed comments stack from their edge over the same share of the stage.
    this.top.setCount(Math.max(1, Math.ceil(n / 2)));
    this.bottom.setCount(Math.max(1, Math.ceil(n / 2)));
  }
}

/** Dark text colours get a light outline instead of the dark one, to stay readable. */
function isDark(hex) {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 90;
}
