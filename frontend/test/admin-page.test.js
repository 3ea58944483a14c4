// Static checks of the operator dashboard's markup and modules (frontend/admin/): the rules of the
// server's Content-Security-Policy and of accessibility that can be read from the files alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const dir = new URL('../admin/', import.meta.url);
const html = readFileSync(new URL('index.html', dir), 'utf8');
const modules = readdirSync(new URL('js/', dir)).filter((f) => f.endsWith('.js'));
const js = modules.map((f) => [f, readFileSync(new URL(`js/${f}`, dir), 'utf8')]);
const markup = html.replace(/<!--[\s\S]*?-->/g, '');

test('no inline script, style or event handler (CSP: script-src and style-src are self only)', () => {
  assert.doesNotMatch(markup, /<script(?![^>]*\bsrc=)[^>]*>/i, 'every <script> has a src');
  assert.doesNotMatch(markup, /<style[\s>]/i);
  assert.doesNotMatch(markup, /\sstyle\s*=/i);
  assert.doesNotMatch(markup, /\son[a-z]+\s*=/i);
  assert.doesNotMatch(markup, /(src|href)\s*=\s*"(https?:)?\/\//i, 'nothing from another origin');
});

test('modules never build markup from strings or reach other origins', () => {
  for (const [file, text] of js) {
    assert.doesNotMatch(text, /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write/, file);
    assert.doesNotMatch(text, /\.style\.|setAttribute\(\s*['"]style['"]/, `${file}: no inline styles`);
    assert.doesNotMatch(text, /(fetch|import)\(\s*['"`]https?:/, `${file}: same origin only`);
  }
});

test('every test id listed in the header comment exists in the page or its modules', () => {
  const comment = html.match(/<!--([\s\S]*?)-->/)[1];
  const hooks = comment.slice(comment.indexOf('Stable hooks')).replace(/\([^)]*\)/g, '');
  const listed = new Set([...hooks.matchAll(/\b[a-z]+(?:-[a-z]+)+\b/g)].map((m) => m[0]));
  const required = ['admin-username', 'admin-password', 'admin-signin', 'admin-signout', 'admin-error', 'tile-connections',
    'tile-rooms', 'tile-msgs-in', 'tile-msgs-out', 'tile-drops', 'stats-chart', 'rooms-table', 'room-row', 'room-notice',
    'room-close', 'room-settings', 'connections-table', 'connection-row', 'connection-disconnect', 'notice-all-input',
    'notice-all-send'];
  for (const id of required) assert.ok(listed.has(id), `${id} is listed in the comment`);
  const inHtml = new Set([...markup.matchAll(/data-testid="([^"]+)"/g)].map((m) => m[1]));
  const inJs = new Set(js.flatMap(([, text]) => [...text.matchAll(/'([a-z]+(?:-[a-z]+)+)'/g)].map((m) => m[1])));
  for (const id of required) assert.ok(inHtml.has(id) || inJs.has(id), `${id} exists`);
  for (const id of inHtml) assert.ok(listed.has(id), `${id} (in the page) is listed in the comment`);
});

test('every form control has a label', () => {
  const ids = new Set([...markup.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]));
  const wrapped = [...markup.matchAll(/<label[^>]*>(?:(?!<\/label>)[\s\S])*?<input[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
  for (const w of wrapped) ids.add(w);
  for (const m of markup.matchAll(/<(input|select|textarea)\b[^>]*\bid="([^"]+)"[^>]*>/g)) {
    assert.ok(ids.has(m[2]) || /aria-label=/.test(m[0]), `#${m[2]} is labelled`);
  }
});

test('tables have captions and column headers; live figures are announced', () => {
  for (const table of markup.matchAll(/<table\b[\s\S]*?<\/table>/g)) {
    assert.match(table[0], /<caption\b/);
    assert.match(table[0], /<th scope="col"/);
  }
  assert.equal([...markup.matchAll(/class="tile" aria-live="polite" aria-atomic="true"/g)].length, 5);
  for (const id of ['admin-error', 'rooms-error', 'connections-error', 'notice-all-error', 'room-notice-error', 'settings-error']) {
    assert.match(markup, new RegExp(`id="${id}"[^>]*role="alert"`), `${id} is an alert`);
  }
});

test('module imports resolve to files that exist', () => {
  for (const [file, text] of js) {
    for (const m of text.matchAll(/from '([^']+)'/g)) {
      const target = new URL(m[1], new URL(`js/${file}`, dir));
      assert.doesNotThrow(() => readFileSync(target), `${file} imports ${m[1]}`);
    }
  }
});
