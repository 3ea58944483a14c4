/**
 * Exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * delay = random() * min(cap, base * factor^attempt). Pure: the random source is injectable.
 */
export const BACKOFF_DEFAULTS = Object.freeze({ base: 500, factor: 2, cap: 15000 });

/** The upper bound of the delay before retry number `attempt` (0-based). */
export function backoffCeiling(attempt, options = {}) {
  const { base, factor, cap } = { ...BACKOFF_DEFAULTS, ...options };
  const n = Math.max(0, Math.floor(attempt));
  // factor^n overflows to Infinity for large n; min() keeps it at cap.
  return Math.min(cap, base * Math.pow(factor, n));
}

/** The full-jitter delay in ms for retry number `attempt`: uniform in [0, ceiling). */
export function backoffDelay(attempt, options = {}) {
  const { random = Math.random, ...rest } = options;
  const ceiling = backoffCeiling(attempt, rest);
  const r = Math.min(Math.max(Number(random()) || 0, 0), 1);
  return Math.floor(r * ceiling);
}

/** Stateful helper: next() gives the next delay and counts the attempt; reset() after a good connection. */
export class Backoff {
  constructor(options = {}) {
    this.options = { ...BACKOFF_DEFAULTS, random: Math.random, ...options };
    this.attempt = 0;
  }

  next() {
    const delay = backoffDelay(this.attempt, this.options);
    this.attempt += 1;
    return delay;
  }

  reset() {
    this.attempt = 0;
  }
}
