/**
 * Pure formatting for the operator dashboard: numbers, rates, byte sizes, durations, relative
 * times. No DOM, so Node's test runner covers it (frontend/test/admin-format.test.js). Every
 * function takes an optional locale so tests are deterministic; the page passes none (the
 * browser's own).
 */

const formatters = new Map();

function numberFormat(locale, options) {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** A finite number or null: what the server sent, if it is usable. */
export function toNumber(value) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** A count with digit grouping ("12,345"); "–" when unknown. */
export function formatCount(value, locale) {
  const n = toNumber(value);
  if (n === null) return '–';
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(n));
}

/** Messages per second: one decimal below 10 ("2.5"), whole numbers above ("1,204"); "–" when unknown. */
export function formatRate(value, locale) {
  const n = toNumber(value);
  if (n === null) return '–';
  const digits = Math.abs(n) < 10 && n !== Math.trunc(n) ? 1 : 0;
  return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Binary byte sizes in short form: "0 B", "512 B", "1.5 KB", "12 MB". */
export function formatBytes(value, locale) {
  const n = toNumber(value);
  if (n === null || n < 0) return '–';
  let v = n;
  let unit = 0;
  while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  const digits = unit > 0 && v < 10 ? 1 : 0;
  return `${numberFormat(locale, { maximumFractionDigits: digits }).format(v)} ${BYTE_UNITS[unit]}`;
}

/** A duration in seconds, two largest units: "45 s", "3 min 5 s", "2 h 4 min", "3 d 1 h". */
export function formatDuration(seconds) {
  const n = toNumber(seconds);
  if (n === null || n < 0) return '–';
  let s = Math.floor(n);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const parts = [[d, 'd'], [h, 'h'], [m, 'min'], [s, 's']];
  const first = parts.findIndex(([v]) => v > 0);
  if (first < 0) return '0 s';
  return parts.slice(first, first + 2).filter(([v]) => v > 0).map(([v, u]) => `${v} ${u}`).join(' ');
}

/**
 * How long ago an epoch-ms instant was, relative to `now`: "just now" (under a minute), "5 min ago",
 * "3 h ago", "2 d ago". Minute granularity on purpose: a table refreshed every 5 s does not rewrite
 * (and re-announce) its rows just because the seconds moved.
 */
export function formatAgo(epochMs, now = Date.now()) {
  const t = toNumber(epochMs);
  if (t === null || t <= 0) return 'never';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** An absolute time for a title or a table cell: ISO-like local "2024-05-01 13:04:05". */
export function formatTimestamp(epochMs) {
  const t = toNumber(epochMs);
  if (t === null || t <= 0) return '';
  const d = new Date(t);
  const p = (v) => String(v).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * The `Authorization` header value for HTTP Basic (RFC 7617): base64 of the UTF-8 bytes of
 * "user:password". The user id may not contain a colon (RFC 7617 §2), so that throws.
 */
export function basicAuthorization(username, password) {
  if (username.includes(':')) throw new RangeError('A username cannot contain “:”.');
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/**
 * The sentence to show for a failed request: the ProblemDetail's `detail` (RFC 9457), else its
 * `title`, else a generic line with the status code.
 */
export function problemText(problem, status) {
  const pick = (v) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const fromProblem = problem && typeof problem === 'object' ? (pick(problem.detail) ?? pick(problem.title)) : null;
  if (fromProblem) return fromProblem;
  if (status === 0 || status === undefined || status === null) return 'The server could not be reached.';
  if (status === 404) return 'Not found (HTTP 404).';
  if (status === 403) return 'Not allowed (HTTP 403).';
  if (status >= 500) return `The server failed (HTTP ${status}).`;
  return `The request failed (HTTP ${status}).`;
}
