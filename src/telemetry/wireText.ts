// Text from the wire made safe once, where it enters the model: every attribute key and value,
// metric and event name, model, tool and session id passes through safeText, so no surface (the
// live view, --once, --headless, doctor, notifications) can print a control sequence someone sent.
//
// Control characters (C0, DEL, C1), bidi overrides and isolates, and lone surrogates are shown
// visibly (`\x1b`, `\u202e`, `�`); text is cut to a length. The original of a string that had to
// change is remembered (see WireTextOriginals) so that `--json`, which JSON-escapes everything,
// can still print what was sent.

/** Longest name (metric, event, model, tool, session id, attribute key) kept. */
export const MAX_NAME_CHARS = 128;
/** Longest attribute value kept. */
export const MAX_VALUE_CHARS = 4_096;

import { isTerminalSafe, UNSAFE_FOR_TERMINAL } from '../text/terminalText.js';

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Cut to `max` characters (code points), marking the cut with an ellipsis. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** Text that is safe to print on a terminal, at most `max` characters. */
export function safeText(raw: string, max = MAX_VALUE_CHARS, originals?: WireTextOriginals): string {
  const wellFormed = raw.isWellFormed() ? raw : raw.toWellFormed();
  const escaped = wellFormed.replace(UNSAFE_FOR_TERMINAL, visible);
  const text = cut(escaped, max);
  // Only what escaping changed is remembered; a cut is a size bound, and the original stays cut.
  if (escaped !== raw && originals) originals.note(text, cut(raw, max));
  return text;
}

/** Whether a string would come out of safeText unchanged (for text cc-top did not receive). */
export function isSafeText(text: string): boolean {
  return text.isWellFormed() && isTerminalSafe(text);
}

/** How many originals of changed strings one request may note (the store keeps its own cap). */
export const ORIGINALS_PER_REQUEST_CAP = 64;

/**
 * Originals of strings safeText had to change, in one request: only escape sequences and cut
 * text land here, which real Claude Code telemetry does not send, so it stays tiny.
 */
export class WireTextOriginals {
  readonly entries = new Map<string, string>();

  note(safe: string, raw: string): void {
    if (this.entries.size < ORIGINALS_PER_REQUEST_CAP && !this.entries.has(safe)) this.entries.set(safe, raw);
  }
}
