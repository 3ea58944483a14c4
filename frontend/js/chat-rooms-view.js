/**
 * Sidebar: the join form, the open rooms (tabs with unread badges and a leave button) and the live
 * rooms from GET /api/rooms, refreshed every 10 s while the page is visible and on demand.
 */
import { h, byId, clear } from './dom.js';
import { isRoomName } from './validate.js';

const REFRESH_MS = 10_000;

export class RoomsView {
  /**
   * @param {object} o
   * @param {(room: string) => void} o.onOpen join (or switch to) a room
   * @param {(room: string) => void} o.onSelect
   * @param {(room: string) => void} o.onLeave
   * @param {typeof fetch} [o.fetch]
   */
  constructor(o) {
    this.o = o;
    this.fetch = o.fetch ?? ((...a) => globalThis.fetch(...a));
    this.form = byId('join-form');
    this.input = byId('room-name-input');
    this.formError = byId('room-name-error');
    this.openList = byId('open-rooms');
    this.openEmpty = byId('open-rooms-empty');
    this.liveList = byId('live-rooms');
    this.liveStatus = byId('live-rooms-status');
    this.refreshButton = byId('rooms-refresh');
    this.items = new Map(); // room -> {li, button, badge, badgeText, unread}
    this.active = null;
    this.timer = null;
    this.inflight = null;

    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const name = this.input.value.trim();
      if (!isRoomName(name)) {
        this.showFormError(name ? 'Use 1-64 letters, digits, “_”, “.” or “-”.' : 'Enter a room name.');
        this.input.focus();
        return;
      }
      this.showFormError('');
      this.input.value = '';
      this.o.onOpen(name);
    });
    this.input.addEventListener('input', () => this.showFormError(''));
    this.refreshButton.addEventListener('click', () => this.refresh());
    this.openList.addEventListener('keydown', (e) => this.#arrowKeys(e));
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) this.refresh();
    });
  }

  showFormError(text) {
    this.formError.textContent = text;
    this.formError.hidden = !text;
    this.input.setAttribute('aria-invalid', String(Boolean(text)));
  }

  // ---------------------------------------------------------------- open rooms

  addOpen(name) {
    if (this.items.has(name)) return;
    const badgeText = h('span', { class: 'visually-hidden' });
    const badge = h('span', { class: 'badge', dataset: { testid: 'unread-badge' }, 'aria-hidden': 'true', hidden: true });
    const status = h('span', { class: 'room-state', 'aria-hidden': 'true' });
    const button = h('button', {
      type: 'button', class: 'open-room-button', dataset: { testid: 'open-room-button', room: name },
      on: { click: () => this.o.onSelect(name) },
    }, status, h('span', { class: 'room-label', text: `#${name}` }), badge, badgeText);
    const leave = h('button', {
      type: 'button', class: 'leave-button icon-button', dataset: { testid: 'leave-button', room: name },
      'aria-label': `Leave ${name}`, title: `Leave ${name}`, text: '×',
      on: { click: () => this.o.onLeave(name) },
    });
    const li = h('li', { class: 'open-room', dataset: { testid: 'open-room', room: name, state: 'joining' } }, button, leave);
    this.openList.append(li);
    this.items.set(name, { li, button, badge, badgeText, unread: 0 });
    this.openEmpty.hidden = true;
  }

  removeOpen(name) {
    const item = this.items.get(name);
    if (!item) return;
    item.li.remove();
    this.items.delete(name);
    this.openEmpty.hidden = this.items.size > 0;
  }

  setActive(name) {
    this.active = name;
    for (const [room, item] of this.items) {
      if (room === name) {
        item.button.setAttribute('aria-current', 'true');
        this.#setUnread(item, 0);
      } else {
        item.button.removeAttribute('aria-current');
      }
    }
    this.#renderLiveCurrent();
  }

  /** joining | joined | left: shown as a small dot; the button's title says it. */
  setState(name, state) {
    const item = this.items.get(name);
    if (!item) return;
    item.li.dataset.state = state;
    item.button.title = state === 'joined' ? '' : state === 'left' ? 'Not in this room' : 'Joining…';
  }

  bumpUnread(name, n = 1) {
    const item = this.items.get(name);
    if (item && name !== this.active) this.#setUnread(item, item.unread + n);
  }

  clearUnread(name) {
    const item = this.items.get(name);
    if (item) this.#setUnread(item, 0);
  }

  totalUnread() {
    let n = 0;
    for (const item of this.items.values()) n += item.unread;
    return n;
  }

  #setUnread(item, n) {
    item.unread = n;
    item.badge.hidden = n === 0;
    item.badge.textContent = n > 99 ? '99+' : String(n);
    item.badgeText.textContent = n ? `, ${n} unread` : '';
  }

  /** Up/Down (and Home/End) move between open rooms, like a vertical tab list. */
  #arrowKeys(e) {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const buttons = [...this.openList.querySelectorAll('.open-room-button')];
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    const j = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1
      : (i + (e.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length;
    buttons[j].focus();
  }

  // ---------------------------------------------------------------- live rooms

  start() {
    this.refresh();
    this.timer = setInterval(() => {
      if (!document.hidden) this.refresh();
    }, REFRESH_MS);
  }

  async refresh() {
    if (this.inflight) return;
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), 8000);
    this.inflight = abort;
    this.liveList.setAttribute('aria-busy', 'true');
    this.refreshButton.disabled = true;
    try {
      const res = await this.fetch('/api/rooms', { headers: { Accept: 'application/json' }, cache: 'no-store', signal: abort.signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await res.json();
      const rooms = Array.isArray(body?.rooms) ? body.rooms : [];
      this.#renderLive(rooms.filter((r) => r && isRoomName(r.name)));
      this.liveStatus.textContent = rooms.length ? '' : 'No rooms yet: create one above.';
    } catch (e) {
      this.liveStatus.textContent = `Could not load the room list (${e.name === 'AbortError' ? 'timed out' : e.message}).`;
    } finally {
      clearTimeout(timeout);
      this.inflight = null;
      this.liveList.setAttribute('aria-busy', 'false');
      this.refreshButton.disabled = false;
    }
  }

  #renderLive(rooms) {
    const names = rooms.map((r) => r.name);
    const current = [...this.liveList.querySelectorAll('.live-room')].map((b) => b.dataset.room);
    if (names.length === current.length && names.every((n, i) => n === current[i])) {
      // Same rooms in the same order: update the counts in place, so focus and reading position stay.
      rooms.forEach((r, i) => this.#fillLive(this.liveList.children[i].firstChild, r));
      return;
    }
    const focused = this.liveList.contains(document.activeElement) ? document.activeElement.dataset.room : null;
    clear(this.liveList);
    for (const r of rooms) {
      const button = h('button', {
        type: 'button', class: 'live-room', dataset: { testid: 'room-item', room: r.name },
        on: { click: () => this.o.onOpen(r.name) },
      },
      h('span', { class: 'room-label', text: `#${r.name}` }),
      h('span', { class: 'count', 'aria-hidden': 'true' }),
      h('span', { class: 'visually-hidden' }));
      this.#fillLive(button, r);
      this.liveList.append(h('li', {}, button));
    }
    this.#renderLiveCurrent();
    if (focused) {
      const again = [...this.liveList.querySelectorAll('.live-room')].find((b) => b.dataset.room === focused);
      (again ?? this.refreshButton).focus();
    }
  }

  #fillLive(button, r) {
    const members = Math.max(0, Number(r.members) || 0);
    button.dataset.members = String(members);
    button.children[1].textContent = String(members);
    button.children[2].textContent = `, ${members} ${members === 1 ? 'member' : 'members'}`;
  }

  #renderLiveCurrent() {
    for (const b of this.liveList.querySelectorAll('.live-room')) {
      if (b.dataset.room === this.active) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
  }
}
