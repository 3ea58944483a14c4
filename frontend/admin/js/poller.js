/**
 * Runs an async task now and then every `intervalMs` after the previous run finished (never two at
 * once), paused while the tab is hidden (Page Visibility) and run at once when it shows again.
 * The document and timers are injectable so Node can test it (frontend/test/admin-poller.test.js).
 */
export class Poller {
  /**
   * @param {object} o
   * @param {() => Promise<unknown>} o.task errors are the task's business: they are swallowed here
   * @param {number} [o.intervalMs]
   * @param {{hidden: boolean, addEventListener: Function, removeEventListener: Function}} [o.doc]
   * @param {{setTimeout: Function, clearTimeout: Function}} [o.timers]
   */
  constructor(o) {
    this.task = o.task;
    this.intervalMs = o.intervalMs ?? 5000;
    this.doc = o.doc ?? globalThis.document;
    this.timers = o.timers ?? globalThis;
    this.timer = null;
    this.running = false;
    this.active = false;
    this.again = false; // a run was asked for while one was in flight
    this.onVisibility = () => {
      if (!this.active) return;
      if (this.doc.hidden) this.#cancel();
      else this.runNow();
    };
  }

  get paused() {
    return this.active && Boolean(this.doc?.hidden);
  }

  start() {
    if (this.active) return;
    this.active = true;
    this.doc?.addEventListener('visibilitychange', this.onVisibility);
    this.runNow();
  }

  stop() {
    this.active = false;
    this.again = false;
    this.#cancel();
    this.doc?.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Runs the task now (or right after the run in flight), then resumes the interval. */
  runNow() {
    if (!this.active) return;
    this.#cancel();
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.doc?.hidden) return;
    this.running = true;
    Promise.resolve()
      .then(() => this.task())
      .catch(() => {})
      .finally(() => {
        this.running = false;
        if (!this.active) return;
        if (this.again) {
          this.again = false;
          this.runNow();
        } else {
          this.#schedule();
        }
      });
  }

  #schedule() {
    this.#cancel();
    if (!this.active || this.doc?.hidden) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.runNow();
    }, this.intervalMs);
  }

  #cancel() {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
