/**
 * What the rooms and connections tables share: loading a page, the pager (previous / next / rows
 * per page), the caption, an inline role="alert" for failures (the ProblemDetail `detail`) and a
 * role="status" line for what an action did. A refresh keeps the row elements whose content did not
 * change; when rows do change and focus was on a control in one, it goes back to the same control
 * of the same row (or of the row that took its place, or the table region), so a 5-second refresh
 * never throws a keyboard user out of the table.
 */
import { byId, h } from '../../js/dom.js';
import { clampSize, pageInfo, pageLabel, pageToReload } from './paging.js';

export class PagedTable {
  /**
   * @param {object} o
   * @param {string} o.prefix element ids: `${prefix}-body`, -prev, -next, -page, -page-size, -error, -status, -table, -refresh, -caption
   * @param {string} o.noun plural, for "No rooms"
   * @param {number} o.columns for the empty-table row
   * @param {(q: {page: number, size: number}) => Promise<object>} o.load
   * @param {(item: object) => HTMLTableRowElement} o.row builds a row with data-key set
   * @param {() => string} o.caption the caption text for the current view
   */
  constructor(o) {
    this.o = o;
    this.body = byId(`${o.prefix}-body`);
    this.table = byId(`${o.prefix}-table`);
    this.caption = byId(`${o.prefix}-caption`);
    this.prev = byId(`${o.prefix}-prev`);
    this.next = byId(`${o.prefix}-next`);
    this.pageText = byId(`${o.prefix}-page`);
    this.sizeSelect = byId(`${o.prefix}-page-size`);
    this.error = byId(`${o.prefix}-error`);
    this.status = byId(`${o.prefix}-status`);
    this.refreshButton = byId(`${o.prefix}-refresh`);
    this.page = 0;
    this.size = clampSize(this.sizeSelect.value);
    this.info = null;
    this.seq = 0;
    this.errorFromLoad = false;
    this.enabled = false;
    this.signatures = null; // key -> the row element shown for it
    this.rowSignatures = new WeakMap(); // row element -> what it shows

    this.prev.addEventListener('click', () => this.goTo(this.page - 1));
    this.next.addEventListener('click', () => this.goTo(this.page + 1));
    this.sizeSelect.addEventListener('change', () => {
      this.size = clampSize(this.sizeSelect.value);
      this.goTo(0);
    });
    this.refreshButton.addEventListener('click', () => this.refresh());
    this.#pager();
  }

  get items() {
    return this.info?.items ?? [];
  }

  enable() {
    this.enabled = true;
  }

  /** Signed out: forget everything shown (no operator data stays in the page). */
  reset() {
    this.enabled = false;
    this.seq++;
    this.page = 0;
    this.info = null;
    this.signatures = null;
    this.body.replaceChildren();
    this.showError('');
    this.showStatus('');
    this.#pager();
  }

  goTo(page) {
    this.page = Math.max(0, page);
    return this.refresh();
  }

  /** Loads the current page. Resolves when rendered (or superseded); never rejects. */
  async refresh() {
    if (!this.enabled) return;
    const seq = ++this.seq;
    this.table.setAttribute('aria-busy', 'true');
    try {
      const body = await this.o.load({ page: this.page, size: this.size });
      if (seq !== this.seq) return;
      const info = pageInfo(body);
      const reload = pageToReload(info, this.page);
      if (reload !== null) {
        // The page emptied under us (rows went away): step back to the last page that has rows.
        this.page = reload;
        return this.refresh();
      }
      this.page = info.page;
      this.info = info;
      this.#render(info);
      if (this.errorFromLoad) this.showError('');
    } catch (e) {
      if (seq !== this.seq || e?.aborted || e?.unauthorized) return;
      this.showError(`Could not load the ${this.o.noun}: ${e?.message ?? e}`, true);
    } finally {
      if (seq === this.seq) this.table.setAttribute('aria-busy', 'false');
    }
  }

  /** Shows a failure inline (role="alert"); only rewrites when the text changes, so it is announced once. */
  showError(text, fromLoad = false) {
    this.errorFromLoad = Boolean(text) && fromLoad;
    if (this.error.textContent !== text) this.error.textContent = text;
  }

  showStatus(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  /** Runs an action from a row: clears the last message, shows the failure's detail, refreshes after. */
  async act(action, { done } = {}) {
    this.showError('');
    this.showStatus('');
    try {
      const result = await action();
      if (done) this.showStatus(done(result));
    } catch (e) {
      if (e?.aborted || e?.unauthorized) return;
      this.showError(e?.message ?? String(e));
    }
    await this.refresh();
  }

  #render(info) {
    const rows = info.items.map((item) => this.#reuse(item));
    if (rows.length === 0) {
      rows.push(h('tr', { class: 'empty-row' }, h('td', { colspan: this.o.columns, text: `No ${this.o.noun}.` })));
    }
    const current = [...this.body.children];
    if (rows.length !== current.length || rows.some((r, i) => r !== current[i])) {
      const focus = this.#focused();
      this.body.replaceChildren(...rows);
      if (focus && !this.body.contains(document.activeElement)) this.#restore(focus);
    }
    this.signatures = new Map(rows.filter((r) => r.dataset.key !== undefined).map((r) => [r.dataset.key, r]));
    const caption = this.o.caption(info);
    if (this.caption.textContent !== caption) this.caption.textContent = caption;
    this.#pager();
  }

  /**
   * The row for `item`: the one already in the table when nothing it shows changed (so a refresh
   * that changes nothing touches no element: focus, selection and screen-reader position stay).
   */
  #reuse(item) {
    const fresh = this.o.row(item);
    const signature = `${JSON.stringify(item)}\u0000${fresh.textContent}`;
    const old = this.signatures?.get(fresh.dataset.key);
    if (old && this.rowSignatures.get(old) === signature && old.parentNode === this.body) return old;
    this.rowSignatures.set(fresh, signature);
    return fresh;
  }

  #pager() {
    const info = this.info;
    this.prev.disabled = !info?.hasPrev;
    this.next.disabled = !info?.hasNext;
    this.pageText.textContent = info ? pageLabel(info, this.o.noun) : '–';
  }

  #focused() {
    const el = document.activeElement;
    if (!el || !this.body.contains(el)) return null;
    const row = el.closest('tr');
    return { key: row?.dataset.key ?? null, testid: el.dataset.testid ?? null, index: [...this.body.children].indexOf(row) };
  }

  #restore({ key, testid, index }) {
    const rows = [...this.body.children];
    const row = rows.find((r) => r.dataset.key === key);
    let target = row && testid ? row.querySelector(`[data-testid="${testid}"]`) : null;
    if (!target && testid) {
      // That row went away (a room closed, a connection dropped): same control on the row that took its place.
      const near = rows[Math.min(index, rows.length - 1)];
      target = near?.querySelector(`[data-testid="${testid}"]`) ?? null;
    }
    (target ?? this.table.closest('.table-scroll') ?? this.table).focus();
  }
}
