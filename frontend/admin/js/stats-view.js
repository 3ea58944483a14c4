/**
 * The live tiles (connections, rooms, msgs/s in and out, drops) and the poll status line. Each tile
 * is its own polite, atomic live region ("Connections 12"), and a value is only written when its
 * text changes, so a screen reader hears changes, not every 5-second poll. A checkbox turns those
 * announcements off for people who find them noisy.
 */
import { byId } from '../../js/dom.js';
import { formatCount, formatDuration, formatRate, formatTimestamp, toNumber } from './format.js';

const TILES = [
  { id: 'tile-connections', key: 'connections', format: formatCount },
  { id: 'tile-rooms', key: 'rooms', format: formatCount },
  { id: 'tile-msgs-in', key: 'messagesInPerSecond', format: formatRate },
  { id: 'tile-msgs-out', key: 'messagesOutPerSecond', format: formatRate },
  { id: 'tile-drops', key: 'drops', format: formatCount },
];

export class StatsView {
  constructor() {
    this.tiles = TILES.map((t) => ({ ...t, el: byId(t.id) }));
    this.uptime = byId('tile-uptime');
    this.status = byId('poll-status');
    this.announce = byId('announce-toggle');
    this.announce.addEventListener('change', () => this.#liveness());
    this.#liveness();
  }

  /** @param {object} stats GET /api/admin/stats */
  update(stats, now = Date.now()) {
    for (const t of this.tiles) {
      const value = toNumber(stats?.[t.key]);
      const text = t.format(value);
      if (t.el.textContent !== text) t.el.textContent = text;
      t.el.dataset.value = value === null ? '' : String(value);
    }
    this.uptime.textContent = formatDuration(stats?.uptimeSeconds);
    this.setStatus('ok', `Updated ${formatTimestamp(now).slice(11)}, every 5 s while this tab is visible.`);
  }

  /** @param {'idle'|'ok'|'stale'|'paused'} state */
  setStatus(state, text) {
    this.status.dataset.state = state;
    this.status.textContent = text;
    this.status.closest('.panel')?.classList.toggle('is-stale', state === 'stale');
  }

  reset() {
    for (const t of this.tiles) {
      t.el.textContent = '–';
      t.el.dataset.value = '';
    }
    this.uptime.textContent = '–';
    this.setStatus('idle', '');
  }

  #liveness() {
    for (const t of this.tiles) t.el.closest('.tile')?.setAttribute('aria-live', this.announce.checked ? 'polite' : 'off');
  }
}
