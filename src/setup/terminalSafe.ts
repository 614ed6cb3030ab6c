// Text from the user's settings file shown on the terminal: JSON's quoting escapes C0 controls
// (ESC included) but not DEL, C1 controls, bidi overrides or line separators, so those are
// escaped too. A key or value can then never move the cursor or recolour the screen.
import { UNSAFE_FOR_TERMINAL } from '../text/terminalText.js';

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** C0 controls, ESC among them; in a JSON string JSON.stringify escapes these itself. */
const isC0 = (c: string) => c < ' ';

function escapeRest(json: string): string {
  return json.replace(UNSAFE_FOR_TERMINAL, escape);
}

/** Any text (e.g. a library's message quoting a value) with control characters shown as escapes. */
export function escapeControls(text: string): string {
  return escapeRest([...text].map((c) => (isC0(c) ? escape(c) : c)).join(''));
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
