/** The name prompt: a modal <dialog> on first visit, and again from the header to rename. */
import { byId } from './dom.js';
import { cleanName, cleanAvatar } from './validate.js';

export class NameDialog {
  constructor() {
    this.dialog = byId('name-dialog');
    this.form = byId('name-form');
    this.input = byId('name-input');
    this.avatar = byId('avatar-input');
    this.error = byId('name-error');
    this.title = byId('name-dialog-title');
    this.cancel = byId('name-cancel');
    this.resolve = null;
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const name = cleanName(this.input.value);
      if (!name) {
        this.error.textContent = 'Enter a name (up to 32 characters).';
        this.input.setAttribute('aria-invalid', 'true');
        this.input.focus();
        return;
      }
      const rawAvatar = this.avatar.value.trim();
      const avatar = cleanAvatar(rawAvatar);
      if (rawAvatar && !avatar) {
        this.error.textContent = 'The avatar must be one emoji (or a short symbol without spaces) or an https:// image URL.';
        this.avatar.setAttribute('aria-invalid', 'true');
        this.avatar.focus();
        return;
      }
      this.#close({ name, avatar });
    });
    this.cancel.addEventListener('click', () => this.#close(null));
    this.dialog.addEventListener('cancel', (e) => {
      e.preventDefault(); // Escape: close through our own path so the promise settles
      this.#close(null);
    });
    for (const el of [this.input, this.avatar]) {
      el.addEventListener('input', () => {
        this.error.textContent = '';
        el.removeAttribute('aria-invalid');
      });
    }
  }

  /** Resolves to {name, avatar}, or null when cancelled. */
  ask({ name = '', avatar = '', first = false } = {}) {
    this.title.textContent = first ? 'Welcome to RoomWire' : 'Change your name';
    this.cancel.textContent = first ? 'Continue as guest' : 'Cancel';
    this.input.value = name;
    this.avatar.value = avatar;
    this.error.textContent = '';
    if (!this.dialog.open) this.dialog.showModal();
    this.input.focus();
    this.input.select();
    return new Promise((resolve) => { this.resolve = resolve; });
  }

  #close(result) {
    if (this.dialog.open) this.dialog.close();
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.(result);
  }
}
