/**
 * Danmaku mode of the active room: the on/off toggle (remembered per room), the stage, the danmaku
 * composer (text, colour, mode), density and the optional video backdrop.
 */
import { byId } from './dom.js';
import { DanmakuStage } from './danmaku.js';
import { checkText, danmakuMeta, httpUrl, limits, DANMAKU_MODES } from './validate.js';
import { describeError } from './message-item.js';

export class DanmakuView {
  /**
   * @param {object} o
   * @param {(room: string, text: string, meta: object) => string|null} o.onSend
   * @param {{get: () => object, set: (v: object) => void}} o.store
   */
  constructor(o) {
    this.o = o;
    const saved = o.store.get();
    this.enabledRooms = new Set(Array.isArray(saved.rooms) ? saved.rooms : []);
    this.room = null;
    this.toggle = byId('danmaku-toggle');
    this.toggleState = byId('danmaku-toggle-state');
    this.panel = byId('danmaku-panel');
    this.form = byId('danmaku-form');
    this.input = byId('danmaku-input');
    this.color = byId('danmaku-color');
    this.mode = byId('danmaku-mode');
    this.density = byId('danmaku-density');
    this.densityOut = byId('danmaku-density-value');
    this.videoForm = byId('danmaku-video-form');
    this.videoUrl = byId('danmaku-video-url');
    this.videoClear = byId('danmaku-video-clear');
    this.status = byId('danmaku-status');
    this.video = byId('danmaku-video');
    this.stage = new DanmakuStage({ stage: byId('danmaku-stage'), layer: byId('danmaku-layer'), video: this.video });

    if (typeof saved.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(saved.color)) this.color.value = saved.color;
    if (DANMAKU_MODES.includes(saved.mode)) this.mode.value = saved.mode;
    if (Number(saved.density) >= 0.1 && Number(saved.density) <= 1) this.density.value = String(saved.density);
    this.#applyDensity();

    this.toggle.addEventListener('click', () => {
      if (!this.room) return;
      if (this.enabledRooms.has(this.room)) this.enabledRooms.delete(this.room);
      else this.enabledRooms.add(this.room);
      this.#save();
      this.#apply();
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#send();
    });
    this.density.addEventListener('input', () => {
      this.#applyDensity();
      this.#save();
    });
    for (const el of [this.color, this.mode]) el.addEventListener('change', () => this.#save());
    this.videoForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const url = httpUrl(this.videoUrl.value, location.href);
      if (!url) {
        this.#say('Enter an http:// or https:// video address.');
        this.videoUrl.setAttribute('aria-invalid', 'true');
        return;
      }
      this.videoUrl.removeAttribute('aria-invalid');
      this.stage.setVideo(url);
      this.#say('Playing the video behind the danmaku.');
    });
    this.videoClear.addEventListener('click', () => {
      this.stage.setVideo(null);
      this.videoUrl.value = '';
      this.#say('Back to the animated backdrop.');
    });
    this.video.addEventListener('error', () => {
      if (this.video.hidden) return;
      this.#say('That video could not be played (the page only allows https videos from other sites).');
    });
  }

  setRoom(name) {
    this.room = name;
    this.stage.clear();
    this.#apply();
  }

  removeRoom(name) {
    this.enabledRooms.delete(name);
    this.#save();
  }

  isOn(room = this.room) {
    return Boolean(room) && this.enabledRooms.has(room);
  }

  /** A danmaku message for `room`: shown when that room is active and in danmaku mode. */
  receive(room, message) {
    if (room === this.room && this.isOn(room)) this.stage.add(message);
  }

  sendFailed(detail) {
    this.#say(`${describeError(detail.code)}.`);
  }

  #apply() {
    const on = this.isOn();
    this.toggle.disabled = !this.room;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.toggleState.textContent = on ? 'on' : 'off';
    this.panel.hidden = !on;
    this.stage.setEnabled(on);
  }

  #send() {
    const text = this.input.value.trim();
    const problem = checkText(text, 'danmaku');
    if (problem === 'bad_request') return;
    if (problem === 'too_long') {
      this.#say(`Danmaku are at most ${limits().maxDanmakuLength} characters.`);
      return;
    }
    const ref = this.o.onSend(this.room, text, danmakuMeta(this.color.value, this.mode.value));
    if (!ref) {
      this.#say('Not sent: danmaku need a live connection.');
      return;
    }
    this.input.value = '';
    this.#say('');
  }

  #applyDensity() {
    const d = Number(this.density.value);
    this.densityOut.textContent = `${Math.round(d * 100)}%`;
    this.stage.setDensity(d);
  }

  #say(text) {
    this.status.textContent = text;
  }

  #save() {
    this.o.store.set({
      rooms: [...this.enabledRooms], color: this.color.value, mode: this.mode.value, density: Number(this.density.value),
    });
  }
}
