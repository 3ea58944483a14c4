/**
 * The stats chart: two inline SVG panels built with createElementNS (no library, no markup
 * strings), sharing the time axis: connections, and messages in/out per second. Sized to the
 * container in CSS pixels and redrawn when it resizes. The SVGs are decoration for assistive
 * technology (aria-hidden); the figure's caption carries the text alternative and a <details>
 * holds the samples as a table. Maths in chart-scale.js.
 */
import { byId, clear, h } from '../../js/dom.js';
import { formatCount, formatRate, formatTimestamp } from './format.js';
import { cleanSeries, linearScale, maxOf, niceTicks, polylinePoints, seriesSummary, tickLabels, timeTicks } from './chart-scale.js';

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 150;
const MARGIN = { left: 46, right: 14, top: 24, bottom: 26 };

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

const PANELS = [
  {
    title: 'Connections',
    lines: [{ key: 'connections', cls: 'line-connections' }],
    integer: true,
  },
  {
    title: 'Messages per second',
    lines: [{ key: 'messagesInPerSecond', cls: 'line-in' }, { key: 'messagesOutPerSecond', cls: 'line-out' }],
    integer: false,
  },
];

export class ChartView {
  constructor() {
    this.figure = byId('stats-chart');
    this.panels = byId('chart-panels');
    this.summary = byId('chart-summary');
    this.details = byId('chart-table-toggle');
    this.tableBody = byId('chart-table-body');
    this.samples = [];
    this.width = 0;
    this.frame = 0;
    this.details.addEventListener('toggle', () => this.#renderTable());
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => this.#scheduleDraw()).observe(this.panels);
    } else {
      globalThis.addEventListener('resize', () => this.#scheduleDraw());
    }
  }

  /** @param {unknown} series stats.series from GET /api/admin/stats */
  update(series) {
    this.samples = cleanSeries(series);
    this.figure.dataset.samples = String(this.samples.length);
    const text = seriesSummary(this.samples);
    if (this.summary.textContent !== text) this.summary.textContent = text;
    this.#draw();
    this.#renderTable();
  }

  reset() {
    this.samples = [];
    this.figure.dataset.samples = '0';
    this.summary.textContent = 'No samples yet.';
    clear(this.panels);
    clear(this.tableBody);
    this.details.open = false;
  }

  #scheduleDraw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (Math.round(this.panels.clientWidth) !== this.width) this.#draw();
    });
  }

  #draw() {
    this.width = Math.round(this.panels.clientWidth);
    clear(this.panels);
    if (this.width <= 0) return;
    for (const panel of PANELS) this.panels.append(this.#panel(panel, this.width));
  }

  #panel(panel, width) {
    const box = {
      left: MARGIN.left,
      top: MARGIN.top,
      width: Math.max(10, width - MARGIN.left - MARGIN.right),
      height: HEIGHT - MARGIN.top - MARGIN.bottom,
    };
    const svg = s('svg', {
      class: 'chart-svg', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`,
      'aria-hidden': 'true', focusable: 'false',
    });
    svg.append(s('text', { class: 'chart-title', x: 0, y: 14 }, panel.title));

    const samples = this.samples;
    const ticks = niceTicks(maxOf(samples, panel.lines.map((l) => l.key)), { integer: panel.integer, count: 4 });
    const yMax = ticks[ticks.length - 1];
    const y = linearScale(0, yMax, box.top + box.height, box.top);
    const labels = tickLabels(ticks);
    ticks.forEach((v, i) => {
      const py = Math.round(y(v)) + 0.5;
      svg.append(s('line', { class: v === 0 ? 'chart-axis' : 'chart-grid', x1: box.left, x2: box.left + box.width, y1: py, y2: py }));
      svg.append(s('text', { class: 'chart-label', x: box.left - 6, y: py + 4, 'text-anchor': 'end' }, labels[i]));
    });

    if (samples.length === 0) {
      svg.append(s('text', { class: 'chart-label', x: box.left + box.width / 2, y: box.top + box.height / 2, 'text-anchor': 'middle' }, 'Waiting for samples…'));
      return svg;
    }

    const t0 = samples[0].t;
    const t1 = samples[samples.length - 1].t;
    const x = linearScale(t0, t1, box.left, box.left + box.width);
    const maxTicks = Math.max(2, Math.min(6, Math.floor(box.width / 70)));
    for (const tick of timeTicks(t0, t1, maxTicks)) {
      const px = Math.round(x(tick.t)) + 0.5;
      svg.append(s('line', { class: 'chart-tick', x1: px, x2: px, y1: box.top + box.height, y2: box.top + box.height + 4 }));
      const anchor = px < box.left + 20 ? 'start' : px > box.left + box.width - 20 ? 'end' : 'middle';
      svg.append(s('text', { class: 'chart-label', x: px, y: HEIGHT - 6, 'text-anchor': anchor }, tick.label));
    }

    for (const line of panel.lines) {
      if (samples.length === 1) {
        const [cx, cy] = polylinePoints(samples, line.key, box, yMax).split(',');
        svg.append(s('circle', { class: `chart-dot ${line.cls}`, cx, cy, r: 3 }));
      } else {
        svg.append(s('polyline', { class: `chart-line ${line.cls}`, points: polylinePoints(samples, line.key, box, yMax) }));
      }
    }
    return svg;
  }

  #renderTable() {
    if (!this.details.open) return;
    const rows = [];
    for (let i = this.samples.length - 1; i >= 0; i--) {
      const p = this.samples[i];
      rows.push(h('tr', {},
        h('th', { scope: 'row', text: formatTimestamp(p.t).slice(11) }),
        h('td', { class: 'num', text: formatCount(p.connections) }),
        h('td', { class: 'num', text: formatCount(p.rooms) }),
        h('td', { class: 'num', text: formatRate(p.messagesInPerSecond) }),
        h('td', { class: 'num', text: formatRate(p.messagesOutPerSecond) })));
    }
    this.tableBody.replaceChildren(...rows);
  }
}
