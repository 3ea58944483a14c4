/** Presence panel (member count + roster) and the typing indicator, for the active room. */
import { h, byId, clear } from './dom.js';
import { renderAvatar } from './message-item.js';
import { TypingTracker, typingText } from './typing.js';

export class PresenceView {
  constructor({ now = () => Date.now(), selfId = () => null } = {}) {
    this.now = now;
    this.selfId = selfId;
    this.count = byId('presence-count');
    this.countLabel = byId('presence-count-label');
    this.roster = byId('roster');
    this.more = byId('roster-more');
    this.typingEl = byId('typing-indicator');
    this.toggle = byId('presence-toggle');
    this.panel = byId('presence-panel');
    this.active = null;
    this.rooms = new Map(); // name -> {count, members, typing: TypingTracker}
    this.timer = null;
    this.toggle.addEventListener('click', () => {
      const open = this.toggle.getAttribute('aria-expanded') !== 'true';
      this.toggle.setAttribute('aria-expanded', String(open));
      this.panel.classList.toggle('is-open', open);
    });
  }

  #room(name) {
    let r = this.rooms.get(name);
    if (!r) {
      r = { count: 0, members: [], typing: new TypingTracker() };
      this.rooms.set(name, r);
    }
    return r;
  }

  setRoom(name, roster) {
    this.active = name;
    if (name && roster) Object.assign(this.#room(name), roster);
    this.#render();
    this.#renderTyping();
  }

  removeRoom(name) {
    this.rooms.delete(name);
    if (this.active === name) this.setRoom(null);
  }

  /** A client `presence` event (snapshot / join / leave / count). */
  update(name, { count, members }) {
    const r = this.#room(name);
    r.count = count;
    r.members = members;
    if (name === this.active) this.#render();
  }

  typing(name, user) {
    if (!user || user.id === this.selfId()) return;
    this.#room(name).typing.add(user, this.now());
    if (name === this.active) this.#renderTyping();
  }

  /** A message from the user ends their "is typing". */
  stoppedTyping(name, userId) {
    const r = this.rooms.get(name);
    if (r && r.typing.remove(userId) && name === this.active) this.#renderTyping();
  }

  #render() {
    const r = this.rooms.get(this.active);
    const count = r?.count ?? 0;
    this.count.textContent = String(count);
    this.countLabel.textContent = count === 1 ? 'person here' : 'people here';
    this.toggle.textContent = `People (${count})`;
    clear(this.roster);
    if (!r) {
      this.more.textContent = '';
      return;
    }
    const self = this.selfId();
    const members = [...r.members].sort((a, b) => (b.id === self) - (a.id === self) || String(a.name).localeCompare(String(b.name)));
    for (const u of members) {
      this.roster.append(h('li', { class: 'roster-item', dataset: { testid: 'roster-item', userId: u.id } },
        renderAvatar(u),
        h('span', { class: 'roster-name', text: u.name || u.id }),
        u.id === self ? h('span', { class: 'you-tag', text: 'you' }) : null));
    }
    const hidden = count - members.length;
    this.more.textContent = hidden > 0 ? `and ${hidden} more` : '';
  }

  #renderTyping() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const r = this.rooms.get(this.active);
    const now = this.now();
    const text = r ? typingText(r.typing.active(now)) : '';
    if (this.typingEl.textContent !== text) this.typingEl.textContent = text;
    this.typingEl.classList.toggle('is-empty', !text);
    const next = r?.typing.nextExpiry(now);
    if (next !== null && next !== undefined) this.timer = setTimeout(() => this.#renderTyping(), next + 20);
  }
}
