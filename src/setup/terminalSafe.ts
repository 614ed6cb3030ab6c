// Text from the user's settings file shown on the terminal: JSON's quoting escapes C0 controls
// (ESC included) but not DEL, C1 controls, bidi overrides or line separators, so those are
// escaped too. A key or value can then never move the cursor or recolour the screen.
const UNSAFE_FOR_TERMINAL = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

function escapeRest(json: string): string {
  return json.replace(UNSAFE_FOR_TERMINAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON value as JSON text, safe to print. */
export function showJson(value: unknown): string {
  if (value === undefined) return '(absent)';
  return escapeRest(JSON.stringify(value));
}

/** A key as part of a dotted path (`env.OTEL_X`); quoted when it is not a plain name. */
export function showKey(key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? key : showJson(key);
}
