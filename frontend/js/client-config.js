/**
 * Loads the server's limits once at start (GET /api/config, docs/protocol.md "Connecting") into
 * validate.js. The page does not wait for it: until it answers, or when it fails, validate.js keeps
 * the server's defaults, and the server still has the last word on every message.
 */
import { applyLimits, limits } from './validate.js';

export const CONFIG_PATH = '/api/config';

/**
 * Resolves to the limits in force afterwards; never rejects (a failure is logged and the defaults
 * stay). `fetchImpl` is injectable for tests.
 */
export async function loadClientConfig(fetchImpl = (...a) => globalThis.fetch(...a)) {
  try {
    const res = await fetchImpl(CONFIG_PATH, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return applyLimits(await res.json());
  } catch (e) {
    console.warn(`RoomWire: ${CONFIG_PATH} failed (${e?.message ?? e}); using the default limits.`);
    return limits();
  }
}
