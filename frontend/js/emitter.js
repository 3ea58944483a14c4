/**
 * A tiny event emitter (no DOM): on(type, fn) returns an unsubscribe function.
 * A listener that throws does not stop the others; its error is re-thrown asynchronously so it
 * still reaches the console (browser) or fails the test run (Node).
 */
export class Emitter {
  #listeners = new Map();

  on(type, fn) {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  emit(type, detail) {
    const set = this.#listeners.get(type);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(detail);
      } catch (e) {
        queueMicrotask(() => { throw e; });
      }
    }
  }
}
