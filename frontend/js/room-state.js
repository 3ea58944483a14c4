/**
 * What the protocol client knows about one open room (no DOM, no I/O): join status, the chat seqs
 * already delivered (so none is emitted twice), the last seq seen (for `join.since`), gaps, the
 * roster and count, outstanding history requests and the typing throttle.
 */
export class RoomState {
  constructor(name) {
    this.name = name;
    this.status = 'joining'; // joining | joined
    this.everJoined = false;
    this.joinSince = null; // `since` of the join in flight (null: a first join)
    this.lastJoinSince = null;
    this.lastSeq = 0;
    this.epoch = null; // cluster mode: the epoch of the last `joined`
    this.seen = new Set();
    this.count = 0;
    this.members = new Map();
    this.historyQueue = []; // {ref, purpose, before, limit}: answers come back in request order
    this.lastTypingAt = -Infinity;
  }

  /** A live chat message: {fresh: false} for a seq already delivered, else {fresh: true, gap}. */
  acceptLive(seq) {
    if (this.seen.has(seq)) return { fresh: false, gap: null };
    const expected = this.lastSeq + 1;
    // docs/protocol.md: chat seq has no gaps, so a jump means something was lost on the way.
    const gap = this.everJoined && seq > expected ? { from: expected, to: seq - 1 } : null;
    this.seen.add(seq);
    if (seq > this.lastSeq) this.lastSeq = seq;
    return { fresh: true, gap };
  }

  /** Messages of a `joined` or `history` not delivered before (and now marked delivered). */
  acceptBatch(messages) {
    const fresh = messages.filter((m) => !this.seen.has(m.seq));
    for (const m of fresh) this.seen.add(m.seq);
    return fresh;
  }

  /** Starts over from `messages` (recovery failed, or the room was renumbered). */
  reset(messages, seq) {
    this.seen = new Set(messages.map((m) => m.seq));
    this.lastSeq = Math.max(seq, maxSeq(messages));
  }

  noteSeq(seq, messages = []) {
    this.lastSeq = Math.max(this.lastSeq, seq, maxSeq(messages));
  }

  markJoined() {
    this.status = 'joined';
    this.everJoined = true;
    this.lastJoinSince = this.joinSince;
    this.joinSince = null;
  }

  setRoster(members, count) {
    this.count = count;
    this.members = new Map(members.filter((u) => u && u.id).map((u) => [u.id, u]));
  }

  /** A `presence` event: join / leave edit the roster, every event carries the exact count. */
  applyPresence({ event, user, count }) {
    if (typeof count === 'number') this.count = count;
    if (user && user.id) {
      if (event === 'join') this.members.set(user.id, user);
      else if (event === 'leave') this.members.delete(user.id);
    }
  }

  roster() {
    return { count: this.count, members: [...this.members.values()] };
  }
}

export function maxSeq(list) {
  return list.reduce((max, m) => Math.max(max, m.seq), 0);
}

/** Chat messages only (danmaku has no seq), oldest first. */
export function chatOnly(list) {
  return Array.isArray(list) ? list.filter((m) => m && typeof m.seq === 'number').sort((a, b) => a.seq - b.seq) : [];
}
