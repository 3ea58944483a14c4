/**
 * The dashboard's modal <dialog>s: a confirmation, a room notice prompt and the room settings form.
 * Each returns a promise. The forms run their action while open and stay open with the server's
 * ProblemDetail `detail` in an inline role="alert" when it fails, so nothing typed is lost; focus
 * returns to the control that opened them, or to its twin if a refresh replaced that row.
 */
import { byId } from '../../js/dom.js';
import { SETTINGS_FIELDS, settingsPatch } from './settings.js';

/**
 * Where focus goes back to when a dialog closes. The browser returns it to the opener, but a table
 * refresh may have replaced the opener's row meanwhile: then the same control (data-testid) of the
 * row with the same key takes it.
 */
class FocusReturn {
  remember() {
    const el = document.activeElement;
    this.opener = el instanceof HTMLElement ? el : null;
    this.testid = this.opener?.dataset.testid ?? null;
    this.key = this.opener?.closest('[data-key]')?.dataset.key ?? null;
  }

  restore() {
    const opener = this.opener;
    this.opener = null;
    if (!opener || opener.isConnected || !this.testid || this.key === null) return;
    const sel = `[data-key="${CSS.escape(this.key)}"] [data-testid="${CSS.escape(this.testid)}"]`;
    document.querySelector(sel)?.focus();
  }
}

/** Escape closes through our own path so the promise always settles. */
function onCancel(dialog, close) {
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    close();
  });
}

export class ConfirmDialog {
  constructor() {
    this.dialog = byId('confirm-dialog');
    this.form = byId('confirm-form');
    this.title = byId('confirm-title');
    this.text = byId('confirm-text');
    this.ok = byId('confirm-ok');
    this.cancel = byId('confirm-cancel');
    this.resolve = null;
    this.focusReturn = new FocusReturn();
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#close(true);
    });
    this.cancel.addEventListener('click', () => this.#close(false));
    onCancel(this.dialog, () => this.#close(false));
  }

  /** Resolves true when confirmed. Focus starts on Cancel: the safe choice for a destructive action. */
  ask({ title, text, ok = 'Confirm' }) {
    this.#close(false);
    this.title.textContent = title;
    this.text.textContent = text;
    this.ok.textContent = ok;
    this.focusReturn.remember();
    this.dialog.showModal();
    this.cancel.focus();
    return new Promise((resolve) => { this.resolve = resolve; });
  }

  #close(result) {
    if (this.dialog.open) {
      this.dialog.close();
      this.focusReturn.restore();
    }
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.(result);
  }
}

/** Shared behaviour of a dialog whose submit runs an async action and may fail. */
class ActionDialog {
  constructor(ids) {
    this.dialog = byId(ids.dialog);
    this.form = byId(ids.form);
    this.error = byId(ids.error);
    this.submit = byId(ids.submit);
    this.cancel = byId(ids.cancel);
    this.action = null;
    this.resolve = null;
    this.busy = false;
    this.focusReturn = new FocusReturn();
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#run();
    });
    this.cancel.addEventListener('click', () => this.close(null));
    onCancel(this.dialog, () => { if (!this.busy) this.close(null); });
  }

  open(action) {
    this.close(null);
    this.action = action;
    this.showError('');
    this.focusReturn.remember();
    this.dialog.showModal();
    return new Promise((resolve) => { this.resolve = resolve; });
  }

  showError(text, field) {
    this.error.textContent = text;
    for (const el of this.form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  }

  close(result) {
    if (this.dialog.open) {
      this.dialog.close();
      this.focusReturn.restore();
    }
    const resolve = this.resolve;
    this.resolve = null;
    this.action = null;
    resolve?.(result);
  }

  /**
   * Subclasses read their fields: {value} to hand to the action, {error, field} to show (the dialog
   * stays open), or {skip: result} to close with `result` without calling the action (nothing changed).
   */
  collect() {
    return { value: null };
  }

  async #run() {
    if (this.busy || !this.action) return;
    const input = this.collect();
    if (input.error) {
      this.showError(input.error, input.field);
      return;
    }
    if (input.skip) {
      this.close(input.skip);
      return;
    }
    this.busy = true;
    this.submit.disabled = true;
    this.form.setAttribute('aria-busy', 'true');
    try {
      const result = await this.action(input.value);
      this.close(result ?? { done: true });
    } catch (e) {
      if (e?.aborted || e?.unauthorized) {
        this.close(null); // signed out meanwhile: the page goes back to its sign-in form
        return;
      }
      this.showError(e?.message || 'The action failed.');
    } finally {
      this.busy = false;
      this.submit.disabled = false;
      this.form.removeAttribute('aria-busy');
    }
  }
}

export class RoomNoticeDialog extends ActionDialog {
  constructor() {
    super({ dialog: 'room-notice-dialog', form: 'room-notice-form', error: 'room-notice-error', submit: 'room-notice-send', cancel: 'room-notice-cancel' });
    this.title = byId('room-notice-title');
    this.input = byId('room-notice-input');
    this.input.addEventListener('input', () => this.showError(''));
    this.input.addEventListener('keydown', (e) => {
      // Ctrl/Cmd+Enter sends from the text area.
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.form.requestSubmit();
      }
    });
  }

  /**
   * @param {string} room
   * @param {(text: string) => Promise<unknown>} send
   */
  ask(room, send) {
    const done = this.open(send);
    this.title.textContent = `Notice to ${room}`;
    this.input.value = '';
    this.input.focus();
    return done;
  }

  collect() {
    const text = this.input.value.trim();
    if (!text) return { error: 'Write the notice first.', field: this.input };
    return { value: text };
  }
}

export class SettingsDialog extends ActionDialog {
  constructor() {
    super({ dialog: 'settings-dialog', form: 'settings-form', error: 'settings-error', submit: 'settings-save', cancel: 'settings-cancel' });
    this.title = byId('settings-title');
    this.inputs = {
      maxMembers: byId('settings-max-members'),
      slowModeSeconds: byId('settings-slow-mode'),
      danmakuPerSecond: byId('settings-danmaku'),
    };
    for (const el of Object.values(this.inputs)) el.addEventListener('input', () => this.showError(''));
    this.current = null;
  }

  /**
   * @param {string} room
   * @param {object|null} settings the room's current settings
   * @param {(patch: object) => Promise<unknown>} save
   */
  ask(room, settings, save) {
    const done = this.open(save);
    this.current = settings ?? null;
    this.title.textContent = `Settings of ${room}`;
    for (const { key } of SETTINGS_FIELDS) {
      const v = settings?.[key];
      this.inputs[key].value = Number.isFinite(v) ? String(v) : '';
    }
    this.inputs.maxMembers.focus();
    return done;
  }

  collect() {
    const raw = Object.fromEntries(Object.entries(this.inputs).map(([k, el]) => [k, el.value]));
    const { patch, errors } = settingsPatch(raw, this.current);
    if (errors.length) return { error: errors.map((e) => e.message).join(' '), field: this.inputs[errors[0].key] };
    if (Object.keys(patch).length === 0) return { skip: { unchanged: true } };
    return { value: patch };
  }
}
