/** Renders one chat message, notice or error as an <li>. All user text goes through textContent. */
import { h } from './dom.js';
import { initials } from './validate.js';
import { shorten } from './text.js';

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

export function formatTime(ts, now = Date.now()) {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(now).toDateString() === d.toDateString() ? timeFmt.format(d) : dateTimeFmt.format(d);
}

/** A stable colour slot (0-7) per user, for the initials bubble. */
function colourSlot(id) {
  let hash = 0;
  for (const ch of String(id ?? '')) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return hash % 8;
}

/** Avatar: the user's https image, their emoji, or their initials. Decorative (the name is next to it). */
export function renderAvatar(user) {
  const box = h('span', { class: `avatar avatar-c${colourSlot(user?.id)}`, 'aria-hidden': 'true' });
  const avatar = String(user?.avatar ?? '');
  const fallback = () => { box.replaceChildren(initials(user?.name)); box.classList.remove('avatar-img'); };
  if (/^https?:\/\//i.test(avatar)) {
    const img = h('img', { src: avatar, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer', decoding: 'async' });
    img.addEventListener('error', fallback, { once: true });
    box.classList.add('avatar-img');
    box.append(img);
  } else if (avatar) {
    box.classList.add('avatar-emoji');
    box.textContent = avatar;
  } else {
    fallback();
  }
  return box;
}

export function renderMessage(m, { own = false } = {}) {
  const from = m.from ?? {};
  const time = h('time', { datetime: isoOf(m.ts), title: safeFormat(fullFmt, m.ts) },
    formatTime(m.ts));
  const li = h('li', {
    class: own ? 'msg own' : 'msg',
    dataset: { testid: 'message', seq: String(m.seq), own: String(own), userId: String(from.id ?? '') },
  },
  renderAvatar(from),
  h('div', { class: 'msg-body' },
    h('p', { class: 'msg-meta' },
      h('span', { class: 'msg-from', text: from.name || 'unknown' }),
      own ? h('span', { class: 'you-tag', text: 'you' }) : null,
      ' ',
      time),
    h('p', { class: 'msg-text', text: m.text ?? '' })));
  if (m.deleted) markDeleted(li);
  return li;
}

/** An operator deleted the message: its text is replaced by a note (the server keeps only a tombstone). */
export function markDeleted(li) {
  li.classList.add('deleted');
  li.dataset.deleted = 'true';
  const text = li.querySelector('.msg-text');
  if (text) text.textContent = 'This message was deleted by a moderator.';
}

/** Server notices, "messages were missed", "you were removed"… `kind` becomes data-kind. */
export function renderNotice(text, kind = 'info') {
  return h('li', { class: `notice notice-${kind}`, dataset: { testid: 'notice', kind } },
    h('span', { class: 'notice-text', text }));
}

/** A refused send or another error, with optional action buttons [{label, onClick}]. */
export function renderError({ code, message, text }, actions = []) {
  const li = h('li', { class: 'notice notice-error', dataset: { testid: 'error', code: code ?? 'error' }, role: 'group', 'aria-label': 'Error' },
    h('span', { class: 'notice-text', text: `${describeError(code)}${message ? ` (${message})` : ''}` }));
  if (text) li.append(h('q', { class: 'failed-text', text: shorten(text, 140) }));
  for (const { label, onClick } of actions) {
    li.append(h('button', { type: 'button', class: 'link-button', text: label, on: { click: onClick } }));
  }
  return li;
}

export function renderPending(text, waiting) {
  return h('li', { class: 'msg own pending', dataset: { testid: 'pending-message' } },
    h('div', { class: 'msg-body' },
      h('p', { class: 'msg-meta' }, h('span', { class: 'pending-state', text: waiting ? 'Waiting for connection…' : 'Sending…' })),
      h('p', { class: 'msg-text', text })));
}

export function setPendingWaiting(li, waiting) {
  const s = li.querySelector('.pending-state');
  if (s) s.textContent = waiting ? 'Waiting for connection…' : 'Sending…';
}

const ERROR_TEXT = {
  rate_limited: 'Not sent: you are sending too fast',
  too_long: 'Not sent: the message is too long',
  room_busy: 'Not sent: the room is busy',
  not_member: 'Not sent: you are not in this room',
  bad_request: 'The server refused the request',
  invalid_room: 'Invalid room name',
  too_many_rooms: 'You have too many rooms open',
  room_full: 'The room is full',
  server_full: 'The server is full',
  left: 'Not sent: you left the room',
};

export function describeError(code) {
  return ERROR_TEXT[code] ?? `Error: ${code ?? 'unknown'}`;
}

function safeFormat(fmt, ts) {
  try {
    return fmt.format(new Date(ts));
  } catch {
    return '';
  }
}

function isoOf(ts) {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}
