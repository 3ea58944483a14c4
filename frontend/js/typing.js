/** Who is typing in one room: pure, the caller passes the clock. An entry expires `ttlMs` after its last event. */
export const TYPING_TTL_MS = 3000;

export class TypingTracker {
  constructor(ttlMs = TYPING_TTL_MS) {
    this.ttlMs = ttlMs;
    this.users = new Map(); // id -> {user, until}
  }

  /** Records a `typing` event; returns true when the visible list changed. */
  add(user, now) {
    if (!user || !user.id) return false;
    const had = this.users.has(user.id);
    this.users.set(user.id, { user, until: now + this.ttlMs });
    return !had;
  }

  /** A message from the user ends their typing. */
  remove(userId) {
    return this.users.delete(userId);
  }

  /** Users still typing at `now` (expired ones are dropped), oldest first. */
  active(now) {
    const out = [];
    for (const [id, entry] of this.users) {
      if (entry.until <= now) this.users.delete(id);
      else out.push(entry.user);
    }
    return out;
  }

  /** ms until the next entry expires, or null when nobody is typing. */
  nextExpiry(now) {
    let min = null;
    for (const { until } of this.users.values()) {
      const left = until - now;
      if (min === null || left < min) min = left;
    }
    return min === null ? null : Math.max(0, min);
  }
}

/** "alice is typing…", "alice and bob are typing…", "alice, bob and 2 others are typing…" */
export function typingText(users) {
  const names = users.map((u) => u.name || 'Someone');
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing…`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others are typing…`;
}
