/**
 * The rooms table: GET /api/admin/rooms, sorted by the header buttons (members, activity, name;
 * aria-sort on the headers), paged, with per-row actions: post a notice (dialog), settings (dialog,
 * PATCH) and close (confirm, DELETE).
 */
import { byId, h } from '../../js/dom.js';
import { formatAgo, formatCount, formatTimestamp } from './format.js';
import { ariaSort, nextSort } from './paging.js';
import { settingsSummary } from './settings.js';
import { PagedTable } from './paged-table.js';

const SORT_NAMES = { members: 'members', activity: 'last activity', name: 'name' };

export class RoomsView {
  /**
   * @param {object} o
   * @param {import('./api.js').AdminApi} o.api
   * @param {import('./dialogs.js').ConfirmDialog} o.confirm
   * @param {import('./dialogs.js').RoomNoticeDialog} o.noticeDialog
   * @param {import('./dialogs.js').SettingsDialog} o.settingsDialog
   * @param {() => void} [o.onChange] something changed the server's rooms (refresh the tiles)
   */
  constructor(o) {
    this.o = o;
    this.sort = { key: 'members', direction: 'desc' };
    this.table = new PagedTable({
      prefix: 'rooms',
      noun: 'rooms',
      columns: 7,
      load: ({ page, size }) => o.api.rooms({ page, size, sort: this.sort.key, direction: this.sort.direction }),
      row: (room) => this.#row(room),
      caption: () => `Rooms, by ${SORT_NAMES[this.sort.key]}, ${this.#directionWords()}`,
    });
    this.sortButtons = [...byId('rooms-table').querySelectorAll('.sort-button')];
    for (const button of this.sortButtons) {
      button.addEventListener('click', () => {
        this.sort = nextSort(this.sort, button.dataset.sort);
        this.#headers();
        this.table.goTo(0);
      });
    }
    this.#headers();
  }

  enable() {
    this.table.enable();
  }

  refresh() {
    return this.table.refresh();
  }

  reset() {
    this.table.reset();
  }

  #directionWords() {
    const { key, direction } = this.sort;
    if (key === 'name') return direction === 'asc' ? 'A to Z' : 'Z to A';
    if (key === 'activity') return direction === 'desc' ? 'latest first' : 'oldest first';
    return direction === 'desc' ? 'most first' : 'fewest first';
  }

  #headers() {
    for (const button of this.sortButtons) {
      const key = button.dataset.sort;
      const sort = ariaSort(this.sort, key);
      button.closest('th').setAttribute('aria-sort', sort);
      button.dataset.direction = sort;
    }
  }

  #row(room) {
    const name = String(room?.name ?? '');
    const members = Number.isFinite(room?.members) ? room.members : null;
    const last = room?.lastActivity;
    const tr = h('tr', { dataset: { testid: 'room-row', room: name, members: members ?? '', key: name } },
      h('th', { scope: 'row', class: 'room-name', text: name }),
      h('td', { class: 'num', text: formatCount(members) }),
      h('td', {}, h('time', {
        datetime: last > 0 ? new Date(last).toISOString() : undefined,
        title: formatTimestamp(last) || undefined,
        text: formatAgo(last),
      })),
      h('td', { class: 'num', text: formatCount(room?.latestSeq) }),
      h('td', { class: 'num', text: formatCount(room?.historySize) }),
      h('td', { class: 'settings-cell', text: settingsSummary(room?.settings) }),
      h('td', { class: 'actions' },
        h('div', { class: 'row-actions' },
          this.#button('Notice', 'room-notice', name, ' to ', () => this.#notice(name)),
          this.#button('Settings', 'room-settings', name, ' of ', () => this.#settings(name, room?.settings ?? null)),
          this.#button('Close', 'room-close', name, ' room ', () => this.#close(name), 'danger'))));
    return tr;
  }

  /** A row button whose accessible name says which room: visible "Close" reads "Close room lobby". */
  #button(label, testid, room, joiner, onClick, cls = '') {
    return h('button', { type: 'button', class: `small-button ${cls}`.trim(), dataset: { testid }, on: { click: onClick } },
      label, h('span', { class: 'visually-hidden', text: `${joiner}${room}` }));
  }

  async #notice(room) {
    const result = await this.o.noticeDialog.ask(room, (text) => this.o.api.roomNotice(room, text));
    if (!result) return;
    const n = Number.isFinite(result?.delivered) ? result.delivered : null;
    this.table.showError('');
    this.table.showStatus(n === null ? `Notice sent to ${room}.` : `Notice delivered to ${n} connection${n === 1 ? '' : 's'} in ${room}.`);
  }

  async #settings(room, settings) {
    const result = await this.o.settingsDialog.ask(room, settings, (patch) => this.o.api.roomSettings(room, patch));
    if (!result) return;
    this.table.showError('');
    this.table.showStatus(result.unchanged ? `No change to the settings of ${room}.` : `Settings of ${room} saved.`);
    await this.table.refresh();
  }

  async #close(room) {
    const ok = await this.o.confirm.ask({
      title: `Close ${room}?`,
      text: `Every member of ${room} is removed from it and its history is forgotten. People can create it again by joining.`,
      ok: 'Close room',
    });
    if (!ok) return;
    await this.table.act(() => this.o.api.closeRoom(room), { done: () => `Room ${room} closed.` });
    this.o.onChange?.();
  }
}
