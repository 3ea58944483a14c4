/**
 * Text helpers shared by the chat page and the operator dashboard (frontend/admin/ imports this
 * module too). Lengths are in code points, as the server counts them (docs/protocol.md), so an
 * emoji is one character and is never cut in half.
 */

/** `text` cut to at most `max` code points, the last of them an ellipsis when anything was cut; null is "". */
export function shorten(text, max) {
  const chars = Array.from(String(text ?? ''));
  if (chars.length <= max) return chars.join('');
  return max < 1 ? '' : `${chars.slice(0, max - 1).join('')}…`;
}
