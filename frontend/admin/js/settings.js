/**
 * Pure validation for the room settings dialog: turns the three text fields into the PATCH body of
 * `PATCH /api/admin/rooms/{room}/settings` (docs/admin-api.md), sending only what changed.
 * Covered by frontend/test/admin-settings.test.js.
 */

/** The server's limits (chat/RoomSettings): at least one member, slow mode 0-3600 s, danmaku budget at least 1/s. */
export const SETTINGS_FIELDS = Object.freeze([
  { key: 'maxMembers', label: 'Most members', min: 1, max: 1_000_000 },
  { key: 'slowModeSeconds', label: 'Slow mode', min: 0, max: 3600 },
  { key: 'danmakuPerSecond', label: 'Danmaku per second', min: 1, max: 1_000_000 },
]);

/**
 * @param {{maxMembers: string, slowModeSeconds: string, danmakuPerSecond: string}} raw field texts
 * @param {object|null} current the room's settings as the server last reported them
 * @returns {{patch: object, errors: Array<{key: string, message: string}>}} `patch` holds only the
 *   changed fields; `errors` is empty when every field is a whole number in range.
 */
export function settingsPatch(raw, current) {
  const patch = {};
  const errors = [];
  for (const { key, label, min, max } of SETTINGS_FIELDS) {
    const range = `${label}: enter a whole number from ${min} to ${max}.`;
    const text = String(raw?.[key] ?? '').trim();
    if (text === '') {
      errors.push({ key, message: `${label}: enter a number.` });
      continue;
    }
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) {
      errors.push({ key, message: range });
      continue;
    }
    if (current?.[key] !== value) patch[key] = value;
  }
  return { patch, errors };
}

/** A short human summary of a room's settings: "max 50 · slow 5 s · danmaku 10/s". */
export function settingsSummary(settings) {
  if (!settings || typeof settings !== 'object') return '–';
  const parts = [];
  if (Number.isFinite(settings.maxMembers)) parts.push(`max ${settings.maxMembers}`);
  if (Number.isFinite(settings.slowModeSeconds)) parts.push(settings.slowModeSeconds > 0 ? `slow ${settings.slowModeSeconds} s` : 'slow off');
  if (Number.isFinite(settings.danmakuPerSecond)) parts.push(`danmaku ${settings.danmakuPerSecond}/s`);
  return parts.length ? parts.join(' · ') : '–';
}
