/**
 * Connection status in the header: a visible indicator (with a countdown while waiting to reconnect)
 * and a polite live region that speaks only on state changes, not on every countdown tick.
 */
import { byId } from './dom.js';

const CLOSE_REASONS = {
  1001: 'the server went away',
  1008: 'disconnected for sending too much',
  1011: 'server error',
  1013: 'the connection was too slow',
  4001: 'disconnected by an operator',
  4002: 'your sign-in expired',
  4003: 'sign-in failed',
};

export class StatusView {
  constructor({ onReconnect, now = () => Date.now() }) {
    this.el = byId('connection-status');
    this.text = byId('connection-text');
    this.live = byId('status-announcer');
    this.button = byId('reconnect-button');
    this.now = now;
    this.tick = null;
    this.last = null;
    this.button.addEventListener('click', () => onReconnect());
  }

  update(s) {
    this.last = s;
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
    this.el.dataset.state = s.state;
    this.button.hidden = !(s.state === 'reconnecting' || s.state === 'offline');
    this.button.textContent = s.state === 'offline' ? 'Reconnect' : 'Reconnect now';
    let spoken;
    switch (s.state) {
      case 'connecting':
        this.text.textContent = s.attempt > 0 ? `Connecting… (attempt ${s.attempt + 1})` : 'Connecting…';
        spoken = s.attempt > 0 ? '' : 'Connecting';
        break;
      case 'open':
        this.text.textContent = 'Connected';
        spoken = 'Connected';
        break;
      case 'reconnecting': {
        const why = CLOSE_REASONS[s.code];
        this.#countdown(s.retryAt);
        this.tick = setInterval(() => this.#countdown(s.retryAt), 1000);
        spoken = `Connection lost${why ? ` (${why})` : ''}. Reconnecting in ${this.#seconds(s.retryAt)} seconds.`;
        break;
      }
      case 'offline': {
        const why = CLOSE_REASONS[s.code];
        this.text.textContent = why ? `Offline: ${why}` : 'Offline';
        spoken = this.text.textContent;
        break;
      }
      default:
        this.text.textContent = 'Not connected';
        spoken = '';
    }
    if (spoken) this.live.textContent = spoken;
  }

  /** Token mode without a token: this page must be opened signed in, through the site that embeds it. */
  signInRequired() {
    this.el.dataset.state = 'offline';
    this.button.hidden = true;
    this.text.textContent = 'Sign in required: open this chat from the site you signed in to.';
    this.live.textContent = this.text.textContent;
  }

  /** The browser says it lost the network: say so while the backoff keeps trying. */
  setNetwork(online) {
    this.el.classList.toggle('no-network', !online);
    if (!online) this.live.textContent = 'Your device is offline.';
    if (this.last?.state === 'reconnecting') this.#countdown(this.last.retryAt);
  }

  #seconds(at) {
    return Math.max(0, Math.ceil((at - this.now()) / 1000));
  }

  #countdown(at) {
    const prefix = this.el.classList.contains('no-network') ? 'No network. ' : '';
    this.text.textContent = `${prefix}Reconnecting in ${this.#seconds(at)}s`;
  }
}
