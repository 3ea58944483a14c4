/**
 * The connections table (GET /api/admin/connections, paged, filtered by user and room) with a
 * disconnect action per row (confirm, DELETE: the server closes it with 4001), and the "notice to
 * everyone" form (POST /api/admin/notices).
 */
import { byId, h } from '../../js/dom.js';
import { shorten } from '../../js/text.js';
import { formatAgo, formatBytes, formatCount, formatTimestamp } from './format.js';
import { PagedTable } from './paged-table.js';

const FILTER_DELAY_MS = 400;

export class ConnectionsView {
  /**
   * @param {object} o
   * @param {import('./api.js').AdminApi} o.api
   * @param {import('./dialogs.js').ConfirmDialog} o.confirm
   * @param {() => void} [o.onChange] something changed the server's connections (refresh the tiles)
   */
  constructor(o) {
    this.o = o;
    this.filterForm = byId('connections-filter');
    this.userInput = byId('connections-user');
    this.roomInput = byId('connections-room');
    this.clearButton = byId('connections-filter-clear');
    this.filter = { user: '', room: '' };
    this.filterTimer = null;
    this.table = new PagedTable({
      prefix: 'connections',
      noun: 'connections',
      columns: 8,
      load: ({ page, size }) => o.api.connections({ page, size, user: this.filter.user, room: this.filter.room }),
      row: (c) => this.#row(c),
      caption: () => this.#caption(),
    });

    this.filterForm.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#applyFilter();
    });
    for (const input of [this.userInput, this.roomInput]) {
      input.addEventListener('input', () => {
        clearTimeout(this.filterTimer);
        this.filterTimer = setTimeout(() => this.#applyFilter(), FILTER_DELAY_MS);
      });
    }
    this.clearButton.addEventListener('click', () => {
      this.userInput.value = '';
      this.roomInput.value = '';
      this.#applyFilter();
      this.userInput.focus();
    });

    this.noticeForm = byId('notice-all-form');
    this.noticeInput = byId('notice-all-input');
    this.noticeSend = byId('notice-all-send');
    this.noticeError = byId('notice-all-error');
    this.noticeStatus = byId('notice-all-status');
    this.noticeForm.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#noticeAll();
    });
    this.noticeInput.addEventListener('input', () => {
      this.noticeError.textContent = '';
      this.noticeInput.removeAttribute('aria-invalid');
    });
  }

  enable() {
    this.table.enable();
  }

  refresh() {
    return this.table.refresh();
  }

  reset() {
    clearTimeout(this.filterTimer);
    this.table.reset();
    this.noticeInput.value = '';
    this.noticeError.textContent = '';
    this.noticeStatus.textContent = '';
  }

  #applyFilter() {
    clearTimeout(this.filterTimer);
    const next = { user: this.userInput.value.trim(), room: this.roomInput.value.trim() };
    if (next.user === this.filter.user && next.room === this.filter.room) return;
    this.filter = next;
    this.table.goTo(0);
  }

  #caption() {
    const parts = [];
    if (this.filter.user) parts.push(`user matching “${this.filter.user}”`);
    if (this.filter.room) parts.push(`in room ${this.filter.room}`);
    return parts.length ? `Connections, ${parts.join(', ')}` : 'Connections, all';
  }

  #row(c) {
    const id = String(c?.id ?? '');
    const user = c?.user ?? {};
    const userName = String(user.name ?? 'unknown');
    const rooms = Array.isArray(c?.rooms) ? c.rooms.map(String) : [];
    const agent = String(c?.userAgent ?? '');
    const remote = String(c?.remoteAddress ?? '');
    return h('tr', { dataset: { testid: 'connection-row', connectionId: id, userId: String(user.id ?? ''), key: id } },
      h('th', { scope: 'row', class: 'user-cell' },
        h('span', { class: 'user-name', text: userName }),
        h('span', { class: 'sub', text: `user ${user.id ?? '?'} · conn ${id}` })),
      h('td', { class: 'rooms-cell', text: rooms.length ? rooms.join(', ') : '–' }),
      h('td', {}, h('time', {
        datetime: c?.connectedAt > 0 ? new Date(c.connectedAt).toISOString() : undefined,
        title: formatTimestamp(c?.connectedAt) || undefined,
        text: formatAgo(c?.connectedAt),
      })),
      h('td', { class: 'num', text: `${formatCount(c?.messagesIn)} / ${formatCount(c?.messagesOut)}` }),
      h('td', { class: 'num', text: `${formatBytes(c?.bytesIn)} / ${formatBytes(c?.bytesOut)}` }),
      h('td', { class: 'num', text: formatBytes(c?.queuedBytes) }),
      h('td', { class: 'client-cell' },
        h('span', { text: remote || '–' }),
        agent ? h('span', { class: 'sub', title: agent, text: shorten(agent, 48) }) : null),
      h('td', { class: 'actions' },
        h('button', {
          type: 'button', class: 'small-button danger', dataset: { testid: 'connection-disconnect' },
          on: { click: () => this.#disconnect(id, userName) },
        }, 'Disconnect', h('span', { class: 'visually-hidden', text: ` ${userName} (connection ${id})` }))));
  }

  async #disconnect(id, name) {
    const ok = await this.o.confirm.ask({
      title: `Disconnect ${name}?`,
      text: `Connection ${id} of ${name} is closed now (close code 4001, disconnected by an operator). Their client may connect again.`,
      ok: 'Disconnect',
    });
    if (!ok) return;
    await this.table.act(() => this.o.api.disconnect(id), { done: () => `Connection ${id} of ${name} disconnected.` });
    this.o.onChange?.();
  }

  async #noticeAll() {
    const text = this.noticeInput.value.trim();
    this.noticeStatus.textContent = '';
    if (!text) {
      this.noticeError.textContent = 'Write the notice first.';
      this.noticeInput.setAttribute('aria-invalid', 'true');
      this.noticeInput.focus();
      return;
    }
    this.noticeError.textContent = '';
    this.noticeSend.disabled = true;
    try {
      const result = await this.o.api.noticeAll(text);
      const n = Number.isFinite(result?.delivered) ? result.delivered : null;
      this.noticeInput.value = '';
      this.noticeStatus.textContent = n === null ? 'Notice sent to everyone.' : `Notice delivered to ${n} connection${n === 1 ? '' : 's'}.`;
    } catch (e) {
      if (e?.aborted || e?.unauthorized) return;
      this.noticeError.textContent = e?.message ?? String(e);
    } finally {
      this.noticeSend.disabled = false;
    }
  }
}
