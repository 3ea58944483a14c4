/**
 * Polite screen-reader announcements of new messages. Bursts are batched (one announcement per
 * second at most) so a busy room does not flood the speech queue.
 */
import { byId } from './dom.js';
import { shorten } from './text.js';

export class Announcer {
  constructor(id = 'announcer', intervalMs = 1000) {
    this.el = byId(id);
    this.intervalMs = intervalMs;
    this.queue = [];
    this.timer = null;
  }

  message(room, m) {
    this.queue.push({ room, name: m.from?.name ?? 'someone', text: m.text ?? '' });
    this.#schedule();
  }

  say(text) {
    this.queue.push({ text, plain: true });
    this.#schedule();
  }

  #schedule() {
    if (!this.timer) this.timer = setTimeout(() => this.#flush(), this.intervalMs);
  }

  #flush() {
    this.timer = null;
    const items = this.queue.splice(0);
    if (items.length === 0) return;
    const plain = items.filter((i) => i.plain).map((i) => i.text);
    const msgs = items.filter((i) => !i.plain);
    let text = plain.join('. ');
    if (msgs.length === 1) {
      text += `${text ? '. ' : ''}${msgs[0].name}: ${shorten(msgs[0].text, 200)}`;
    } else if (msgs.length > 1) {
      const last = msgs[msgs.length - 1];
      text += `${text ? '. ' : ''}${msgs.length} new messages. Latest from ${last.name}: ${shorten(last.text, 120)}`;
    }
    // Replace the node's text so assistive technology reads it as a fresh announcement.
    this.el.textContent = '';
    requestAnimationFrame(() => { this.el.textContent = text; });
  }
}
