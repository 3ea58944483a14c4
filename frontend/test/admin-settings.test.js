import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsPatch, settingsSummary } from '../admin/js/settings.js';

const current = { maxMembers: 50, slowModeSeconds: 0, danmakuPerSecond: 10 };

test('only changed fields go into the PATCH body', () => {
  assert.deepEqual(settingsPatch({ maxMembers: '50', slowModeSeconds: '5', danmakuPerSecond: '10' }, current),
    { patch: { slowModeSeconds: 5 }, errors: [] });
  assert.deepEqual(settingsPatch({ maxMembers: ' 50 ', slowModeSeconds: '0', danmakuPerSecond: '10' }, current),
    { patch: {}, errors: [] });
  assert.deepEqual(settingsPatch({ maxMembers: '2', slowModeSeconds: '1', danmakuPerSecond: '1' }, null).patch,
    { maxMembers: 2, slowModeSeconds: 1, danmakuPerSecond: 1 }, 'unknown current settings: send everything');
});

test('bad values are reported per field', () => {
  const { errors } = settingsPatch({ maxMembers: '0', slowModeSeconds: '-1', danmakuPerSecond: '' }, current);
  assert.deepEqual(errors.map((e) => e.key), ['maxMembers', 'slowModeSeconds', 'danmakuPerSecond']);
  assert.match(errors[0].message, /Most members: enter a whole number from 1 to 1000000/);
  assert.match(errors[2].message, /enter a number/);
  assert.deepEqual(settingsPatch({ maxMembers: '2.5', slowModeSeconds: '1e3', danmakuPerSecond: '9999999999' }, current).errors.length, 3);
  const limits = settingsPatch({ maxMembers: '1', slowModeSeconds: '3601', danmakuPerSecond: '0' }, current).errors;
  assert.deepEqual(limits.map((e) => e.key), ['slowModeSeconds', 'danmakuPerSecond'], 'the server limits: slow mode <= 3600 s, danmaku >= 1/s');
});

test('summary', () => {
  assert.equal(settingsSummary(current), 'max 50 · slow off · danmaku 10/s');
  assert.equal(settingsSummary({ maxMembers: 4, slowModeSeconds: 5 }), 'max 4 · slow 5 s');
  assert.equal(settingsSummary(null), '–');
});
