// The characters that must never reach a terminal from data: they move the cursor, rewrite the
// title or the clipboard (ESC and the C0/C1 controls, DEL), reorder what is shown (bidi overrides
// and isolates, the Arabic letter mark), or hide text and break lines (zero-width spaces, line and
// paragraph separators, invisible operators, a stray byte-order mark). One set for every surface:
// text from the wire (telemetry/wireText.ts) and from the user's settings (setup/terminalSafe.ts).
// Zero-width joiners (U+200C/D) stay: emoji and scripts need them.
// eslint-disable-next-line no-control-regex
export const UNSAFE_FOR_TERMINAL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** Whether text holds none of them. */
export function isTerminalSafe(text: string): boolean {
  UNSAFE_FOR_TERMINAL.lastIndex = 0;
  return !UNSAFE_FOR_TERMINAL.test(text);
}
