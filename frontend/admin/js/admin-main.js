/**
 * Wires the operator dashboard: sign-in (credentials in memory only), the 5-second poll of
 * /api/admin/stats that drives the tiles and the chart and refreshes the two tables, paused while
 * the tab is hidden, and sign-out. Any 401 while signed in means the credentials are no good any
 * more: back to the sign-in form with the error.
 */
import { byId } from '../../js/dom.js';
import { AdminApi } from './api.js';
import { Poller } from './poller.js';
import { StatsView } from './stats-view.js';
import { ChartView } from './chart-view.js';
import { RoomsView } from './admin-rooms-view.js';
import { ConnectionsView } from './connections-view.js';
import { ConfirmDialog, RoomNoticeDialog, SettingsDialog } from './dialogs.js';

const POLL_MS = 5000;
const WRONG_CREDENTIALS = 'Wrong username or password';

const signinSection = byId('signin-section');
const signinForm = byId('signin-form');
const usernameInput = byId('admin-username');
const passwordInput = byId('admin-password');
const signinButton = byId('admin-signin');
const signinError = byId('admin-error');
const dashboard = byId('dashboard');
const sessionBox = byId('session-box');
const userName = byId('admin-user');
const signoutButton = byId('admin-signout');

const api = new AdminApi({ onUnauthorized: () => signOut(WRONG_CREDENTIALS) });
const confirmDialog = new ConfirmDialog();
const stats = new StatsView();
const chart = new ChartView();
const rooms = new RoomsView({
  api, confirm: confirmDialog, noticeDialog: new RoomNoticeDialog(), settingsDialog: new SettingsDialog(),
  onChange: () => poller.runNow(),
});
const connections = new ConnectionsView({ api, confirm: confirmDialog, onChange: () => poller.runNow() });

const poller = new Poller({ intervalMs: POLL_MS, task: () => poll() });

document.addEventListener('visibilitychange', () => {
  if (api.signedIn && document.hidden) stats.setStatus('paused', 'Paused while this tab is hidden.');
});

async function poll() {
  const tables = Promise.all([rooms.refresh(), connections.refresh()]);
  try {
    show(await api.stats());
  } catch (e) {
    if (e.aborted || e.unauthorized) return;
    stats.setStatus('stale', `Could not update: ${e.message} Retrying every 5 s.`);
  }
  await tables;
}

function show(s) {
  stats.update(s);
  chart.update(s?.series);
}

// ------------------------------------------------------------------ sign-in / sign-out

function showError(text) {
  if (signinError.textContent !== text) signinError.textContent = text;
}

signinForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const username = usernameInput.value.trim();
  const password = passwordInput.value;
  for (const el of [usernameInput, passwordInput]) el.removeAttribute('aria-invalid');
  if (!username || !password) {
    const missing = !username ? usernameInput : passwordInput;
    missing.setAttribute('aria-invalid', 'true');
    showError(!username ? 'Enter your username.' : 'Enter your password.');
    missing.focus();
    return;
  }
  if (username.includes(':')) {
    usernameInput.setAttribute('aria-invalid', 'true');
    showError('A username cannot contain “:”.');
    usernameInput.focus();
    return;
  }
  showError('');
  signinButton.disabled = true;
  signinForm.setAttribute('aria-busy', 'true');
  try {
    const first = await api.signIn(username, password);
    passwordInput.value = ''; // the API object holds the credentials now; the field need not
    enter(username, first);
  } catch (err) {
    if (err.unauthorized) {
      showError(WRONG_CREDENTIALS);
      passwordInput.value = '';
      passwordInput.focus();
    } else if (!err.aborted) {
      showError(err.status === 404
        ? 'This server has no admin API (HTTP 404).'
        : `Could not sign in: ${err.message}`);
    }
  } finally {
    signinButton.disabled = false;
    signinForm.removeAttribute('aria-busy');
  }
});

function enter(username, first) {
  userName.textContent = username;
  signinSection.hidden = true;
  dashboard.hidden = false;
  sessionBox.hidden = false;
  rooms.enable();
  connections.enable();
  show(first);
  byId('overview-heading').setAttribute('tabindex', '-1');
  byId('overview-heading').focus();
  poller.start(); // its first run refreshes the tables at once
}

function signOut(error = '') {
  const wasIn = api.signedIn;
  api.signOut();
  poller.stop();
  for (const d of document.querySelectorAll('dialog[open]')) d.close();
  rooms.reset();
  connections.reset();
  stats.reset();
  chart.reset();
  userName.textContent = '';
  dashboard.hidden = true;
  sessionBox.hidden = true;
  signinSection.hidden = false;
  passwordInput.value = '';
  showError(error);
  if (wasIn || error) (usernameInput.value ? passwordInput : usernameInput).focus();
}

signoutButton.addEventListener('click', () => signOut(''));

usernameInput.focus();
