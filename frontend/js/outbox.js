/**
 * Sends awaiting their `ack`, in the user's order. Chat survives a reconnect (replayed with the same
 * ref, which the server deduplicates); danmaku is live only and is forgotten on disconnect.
 */
export class Outbox {
  #entries = new Map(); // ref -> {ref, room, text, kind, meta, sent, createdAt}

  add(entry) {
    this.#entries.set(entry.ref, { sent: false, ...entry });
    return this.#entries.get(entry.ref);
  }

  get(ref) {
    return ref === null || ref === undefined ? undefined : this.#entries.get(ref);
  }

  /** Removes and returns the entry for `ref` (on ack or error). */
  take(ref) {
    const entry = this.get(ref);
    if (entry) this.#entries.delete(ref);
    return entry;
  }

  /** Entries not yet written to the current connection, for `room`. */
  unsent(room) {
    return this.list(room).filter((e) => !e.sent);
  }

  list(room) {
    return [...this.#entries.values()].filter((e) => room === undefined || e.room === room);
  }

  /** Removes and returns every entry of `room` (the room was left). */
  dropRoom(room) {
    const dropped = this.list(room);
    for (const e of dropped) this.#entries.delete(e.ref);
    return dropped;
  }

  /** The connection is gone: chat waits for the next one, danmaku is dropped. */
  disconnected() {
    for (const e of [...this.#entries.values()]) {
      if (e.kind === 'danmaku') this.#entries.delete(e.ref);
      else e.sent = false;
    }
  }

  get size() {
    return this.#entries.size;
  }
}
