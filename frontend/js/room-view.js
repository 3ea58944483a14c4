/**
 * The active room's conversation: one message list per open room (kept while hidden, so switching is
 * instant and keeps the scroll position), "Load older" paging, pending sends, inline notices and
 * errors, the banner for a room we are no longer in, and the composer.
 */
import { h, byId } from './dom.js';
import { renderMessage, renderNotice, renderError, renderPending, setPendingWaiting, markDeleted } from './message-item.js';
import { checkText, codePointLength, limits } from './validate.js';

const MAX_ITEMS = 1500; // rendered messages per room; older ones are dropped and can be paged in again
const STICK_PX = 48;

export class RoomView {
  /**
   * @param {object} o
   * @param {(room: string, text: string) => string|null} o.onSend returns the ref, or null if refused
   * @param {(room: string, before: number) => boolean} o.onLoadOlder
   * @param {(room: string) => void} o.onTyping
   * @param {(room: string) => void} o.onRejoin
   * @param {(msg: object) => boolean} o.isOwn
   */
  constructor(o) {
    this.o = o;
    this.rooms = new Map();
    this.active = null;
    this.connected = false;
    this.panel = byId('room-panel');
    this.empty = byId('no-room');
    this.title = byId('room-title');
    this.scroller = byId('message-scroller');
    this.olderButton = byId('load-older');
    this.banner = byId('room-banner');
    this.bannerText = byId('room-banner-text');
    this.rejoinButton = byId('rejoin-button');
    this.form = byId('composer');
    this.input = byId('composer-input');
    this.sendButton = byId('send-button');
    this.composerError = byId('composer-error');
    this.counter = byId('composer-count');
    this.label = byId('composer-label');

    this.olderButton.addEventListener('click', () => this.#loadOlder());
    this.rejoinButton.addEventListener('click', () => this.active && this.o.onRejoin(this.active));
    this.scroller.addEventListener('scroll', () => {
      const r = this.rooms.get(this.active);
      if (r) r.stick = this.#atBottom();
    }, { passive: true });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#submit();
    });
    this.input.addEventListener('keydown', (e) => {
      // Enter sends, Shift+Enter is a newline; never while an IME composition is open.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.#submit();
      }
    });
    this.input.addEventListener('input', () => {
      const r = this.rooms.get(this.active);
      if (!r) return;
      r.draft = this.input.value;
      this.#updateCounter();
      if (this.composerError.textContent) this.composerError.textContent = '';
      if (this.input.value.trim()) this.o.onTyping(r.name);
    });
  }

  // ---------------------------------------------------------------- rooms

  ensureRoom(name) {
    let r = this.rooms.get(name);
    if (r) return r;
    const list = h('ol', { class: 'message-list', dataset: { testid: 'message-list', room: name }, 'aria-label': `Messages in ${name}` });
    const pendingList = h('ol', { class: 'message-list pending-list', dataset: { testid: 'pending-list', room: name }, 'aria-label': 'Messages being sent' });
    const container = h('div', { class: 'room-messages', dataset: { room: name }, hidden: true }, list, pendingList);
    this.scroller.append(container);
    r = {
      name, container, list, pendingList, bySeq: new Map(), pending: new Map(), minSeq: Infinity, maxSeq: 0,
      hasMore: false, loading: false, draft: '', stick: true, scrollTop: 0, banner: null, joined: false,
    };
    this.rooms.set(name, r);
    return r;
  }

  removeRoom(name) {
    const r = this.rooms.get(name);
    if (!r) return;
    r.container.remove();
    this.rooms.delete(name);
    if (this.active === name) this.setActive(null);
  }

  setActive(name) {
    const prev = this.rooms.get(this.active);
    if (prev) {
      prev.scrollTop = this.scroller.scrollTop;
      prev.stick = this.#atBottom();
      prev.container.hidden = true;
    }
    this.active = name && this.rooms.has(name) ? name : null;
    const r = this.rooms.get(this.active);
    this.panel.hidden = !r;
    this.empty.hidden = Boolean(r);
    if (!r) return;
    this.title.textContent = `#${r.name}`;
    this.label.textContent = `Message #${r.name}`;
    r.container.hidden = false;
    this.input.value = r.draft;
    this.composerError.textContent = '';
    this.#updateCounter();
    this.#renderChrome();
    if (r.stick) this.#scrollToBottom();
    else this.scroller.scrollTop = r.scrollTop;
  }

  setConnected(connected) {
    this.connected = connected;
    for (const r of this.rooms.values()) for (const li of r.pending.values()) setPendingWaiting(li, !connected);
    this.#renderChrome();
  }

  /** A `joined` (first, resumed or reset after missed messages). */
  joined(name, { messages, resumed, reset }) {
    const r = this.ensureRoom(name);
    r.joined = true;
    r.banner = null;
    const fresh = !resumed || reset;
    if (fresh) {
      for (const el of [...r.list.children]) el.remove();
      r.bySeq.clear();
      r.minSeq = Infinity;
      r.maxSeq = 0;
      r.stick = true;
    }
    this.#mutate(r, () => this.#insert(r, messages));
    if (fresh) r.hasMore = messages.length > 0 && r.minSeq > 1;
    if (this.active === name) {
      this.#renderChrome();
      if (fresh) this.#scrollToBottom();
    }
  }

  addMessage(name, message, own) {
    const r = this.rooms.get(name);
    if (!r) return;
    this.#mutate(r, () => this.#insert(r, [message], own), own);
  }

  /** A `history` answer: older pages go on top without moving what the user is reading. */
  /** Hides a message an operator deleted. */
  markDeleted(name, seq) {
    const li = this.rooms.get(name)?.bySeq.get(seq);
    if (li) markDeleted(li);
  }

  addHistory(name, { messages, purpose, hasMore }) {
    const r = this.rooms.get(name);
    if (!r) return;
    if (purpose === 'older') {
      r.loading = false;
      r.hasMore = hasMore;
      if (this.active === name) {
        const before = this.scroller.scrollHeight;
        const top = this.scroller.scrollTop;
        this.#insert(r, messages);
        this.scroller.scrollTop = top + (this.scroller.scrollHeight - before);
        this.#renderChrome();
      } else {
        this.#insert(r, messages);
      }
    } else {
      this.#mutate(r, () => this.#insert(r, messages));
    }
  }

  historyFailed(name) {
    const r = this.rooms.get(name);
    if (!r) return;
    r.loading = false;
    if (this.active === name) this.#renderChrome();
  }

  addNotice(name, text, kind = 'info') {
    const r = this.rooms.get(name);
    if (r) this.#mutate(r, () => r.list.append(renderNotice(text, kind)));
  }

  addError(name, error, actions = []) {
    const r = this.rooms.get(name);
    if (r) this.#mutate(r, () => r.list.append(renderError(error, actions)));
  }

  /** Shows "you are not in this room" with a Rejoin button, or clears it (null). */
  setBanner(name, text) {
    const r = this.rooms.get(name);
    if (!r) return;
    r.banner = text;
    r.joined = !text;
    if (this.active === name) this.#renderChrome();
  }

  // ---------------------------------------------------------------- sends

  addPending(name, ref, text) {
    const r = this.rooms.get(name);
    if (!r) return;
    const li = renderPending(text, !this.connected);
    li.dataset.ref = ref;
    r.pending.set(ref, li);
    this.#mutate(r, () => r.pendingList.append(li), true);
  }

  ack(name, ref) {
    const r = this.rooms.get(name);
    const li = r?.pending.get(ref);
    if (!li) return;
    r.pending.delete(ref);
    this.#mutate(r, () => li.remove());
  }

  /** A refused send: the pending line becomes an error with Retry / Dismiss. */
  sendFailed(name, detail) {
    const r = this.rooms.get(name);
    if (!r) return;
    const li = r.pending.get(detail.ref);
    if (li) {
      r.pending.delete(detail.ref);
      li.remove();
    }
    if (detail.code === 'left') return;
    const err = renderError(detail, [
      { label: 'Retry', onClick: () => { err.remove(); this.#send(r, detail.text); } },
      { label: 'Dismiss', onClick: () => { err.remove(); this.input.focus(); } },
    ]);
    this.#mutate(r, () => r.list.append(err));
  }

  focusComposer() {
    if (!this.input.disabled) this.input.focus();
  }

  // ---------------------------------------------------------------- internals

  #submit() {
    const r = this.rooms.get(this.active);
    if (!r || this.input.disabled) return;
    const text = this.input.value.trim();
    const problem = checkText(text, 'chat');
    if (problem === 'bad_request') return; // nothing to send
    if (problem === 'too_long') {
      this.composerError.textContent = `Too long: ${codePointLength(text)} of at most ${limits().maxTextLength} characters.`;
      return;
    }
    if (this.#send(r, text)) {
      this.input.value = '';
      r.draft = '';
      this.#updateCounter();
    }
  }

  #send(r, text) {
    const ref = this.o.onSend(r.name, text);
    if (!ref) {
      this.composerError.textContent = 'Could not send: you are not in this room.';
      return false;
    }
    this.addPending(r.name, ref, text);
    return true;
  }

  #loadOlder() {
    const r = this.rooms.get(this.active);
    if (!r || r.loading || !r.hasMore) return;
    r.loading = true;
    this.#renderChrome();
    if (!this.o.onLoadOlder(r.name, r.minSeq)) {
      r.loading = false;
      this.#renderChrome();
    }
  }

  /** Inserts messages in seq order, skipping seqs already shown. */
  #insert(r, messages, ownFlag) {
    const sorted = [...messages].filter((m) => typeof m.seq === 'number' && !r.bySeq.has(m.seq)).sort((a, b) => a.seq - b.seq);
    if (sorted.length === 0) return;
    const older = document.createDocumentFragment();
    for (const m of sorted) {
      const li = renderMessage(m, { own: ownFlag ?? this.o.isOwn(m) });
      if (m.seq > r.maxSeq) {
        r.list.append(li);
      } else if (m.seq < r.minSeq) {
        older.append(li);
      } else {
        r.list.insertBefore(li, this.#nextShown(r, m.seq));
      }
      r.bySeq.set(m.seq, li);
      if (m.seq > r.maxSeq) r.maxSeq = m.seq;
    }
    if (older.childNodes.length) {
      const first = r.bySeq.get(r.minSeq) ?? null;
      r.list.insertBefore(older, first && first.parentNode === r.list ? first : r.list.firstChild);
    }
    r.minSeq = Math.min(r.minSeq, sorted[0].seq);
    this.#trim(r);
  }

  #nextShown(r, seq) {
    let best = null;
    for (const s of r.bySeq.keys()) if (s > seq && (best === null || s < best)) best = s;
    return best === null ? null : r.bySeq.get(best);
  }

  /** Keeps at most MAX_ITEMS messages when the reader is at the bottom; the rest can be paged in again. */
  #trim(r) {
    if (r.bySeq.size <= MAX_ITEMS || !r.stick) return;
    const seqs = [...r.bySeq.keys()].sort((a, b) => a - b);
    const drop = seqs.slice(0, r.bySeq.size - MAX_ITEMS);
    for (const s of drop) {
      const li = r.bySeq.get(s);
      while (li.previousSibling) li.previousSibling.remove(); // notices older than it
      li.remove();
      r.bySeq.delete(s);
    }
    r.minSeq = seqs[drop.length];
    r.hasMore = true;
  }

  /** Runs a DOM change, keeping the view pinned to the bottom when it was (or when it is our own send). */
  #mutate(r, fn, forceBottom = false) {
    const isActive = this.active === r.name;
    const stick = isActive && (forceBottom || this.#atBottom());
    fn();
    if (stick) this.#scrollToBottom();
    else if (!isActive && forceBottom) r.stick = true;
  }

  #atBottom() {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < STICK_PX;
  }

  #scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    const r = this.rooms.get(this.active);
    if (r) r.stick = true;
  }

  #updateCounter() {
    const max = limits().maxTextLength;
    const n = codePointLength(this.input.value.trim());
    // The counter shows in the last 10% (at most the last 200 characters) before the limit.
    const near = n > max - Math.min(200, Math.ceil(max / 10));
    this.counter.hidden = !near;
    this.counter.textContent = near ? `${n} / ${max}` : '';
    this.counter.classList.toggle('over', n > max);
  }

  /** Load-older button, banner and composer state for the active room. */
  #renderChrome() {
    const r = this.rooms.get(this.active);
    if (!r) return;
    this.olderButton.hidden = !r.hasMore;
    this.olderButton.disabled = r.loading || !this.connected;
    this.olderButton.textContent = r.loading ? 'Loading…' : 'Load older messages';
    this.olderButton.setAttribute('aria-busy', String(r.loading));
    this.banner.hidden = !r.banner;
    this.bannerText.textContent = r.banner ?? '';
    this.input.disabled = Boolean(r.banner);
    this.sendButton.disabled = Boolean(r.banner);
  }
}

